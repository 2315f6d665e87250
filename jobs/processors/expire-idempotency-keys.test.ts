import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { testLogger } from "../testing/helpers";
import { createExpireIdempotencyKeysProcessor } from "./expire-idempotency-keys";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe("expire-idempotency-keys", () => {
  it("deletes keys past their 24 hours and keeps the others", async () => {
    const companyId = await createCompany(db, "Keys");
    const { userId } = await createMember(db, companyId, "owner");
    const [token] = await db.query<{ id: string }>(sql`
      insert into api_tokens (company_id, user_id, name, scopes, token_hash, display_prefix)
      values (${companyId}, ${userId}, 'Script', array['teams:write'], ${randomBytes(32).toString("hex")}, 'hb_pat_abcde')
      returning id`);
    for (const [key, expiresAt] of [["old", sql`now() - interval '1 minute'`], ["fresh", sql`now() + interval '23 hours'`]] as const) {
      await db.query(sql`
        insert into api_idempotency_keys (company_id, token_id, key, request_hash, expires_at)
        values (${companyId}, ${token!.id}, ${key}, ${randomBytes(32).toString("hex")}, ${expiresAt})`);
    }

    const processor = createExpireIdempotencyKeysProcessor({ db, logger: testLogger });
    await processor({ id: "expire-keys-1", name: "expire-idempotency-keys", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 });

    const kept = await db.query<{ key: string }>(sql`select key from api_idempotency_keys where company_id = ${companyId}`);
    expect(kept).toEqual([{ key: "fresh" }]);
  });
});
