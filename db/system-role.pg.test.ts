import { afterAll, describe, expect, it } from "vitest";
import { openPostgres } from "./postgres";
import { assertSystemRoleBypassesRls, SystemRoleError } from "./system-role";
import { adminConnection } from "./testing/postgres-admin";

const serverUrl = process.env.DATABASE_URL!;
const role = `hourbook_norls_${process.pid}`;
const admin = adminConnection(serverUrl);

afterAll(async () => {
  await admin.unsafe(`drop role if exists "${role}"`);
  await admin.end();
});

describe("the connecting role", () => {
  it("passes as a superuser and is refused, with the fix, without BYPASSRLS", async () => {
    const owner = openPostgres({ url: serverUrl, poolMax: 1, connectTimeoutSeconds: 5 });
    await expect(assertSystemRoleBypassesRls(owner)).resolves.toBeUndefined();
    await owner.close();

    await admin.unsafe(`create role "${role}" login nosuperuser nobypassrls`);
    const url = new URL(serverUrl);
    url.username = role;
    const plain = openPostgres({ url: url.toString(), poolMax: 1, connectTimeoutSeconds: 5 });
    const error = await assertSystemRoleBypassesRls(plain).catch((e: unknown) => e);
    await plain.close();
    expect(error).toBeInstanceOf(SystemRoleError);
    expect((error as Error).message).toContain(`ALTER ROLE "${role}" BYPASSRLS`);
  });
});
