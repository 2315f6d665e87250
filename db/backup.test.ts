import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "./audit-verify";
import { embeddedDatabaseDir } from "./backup";
import { migrate } from "./migrate";
import { openPGlite } from "./pglite";
import { sql } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";

/**
 * npm run db:backup / db:restore, run as an operator runs them, on an embedded
 * database in a folder of its own; the audit chain must still verify afterwards.
 */
const run = promisify(execFile);
let dataDir: string;
let admin: TenantContext;

function cli(script: string, ...args: string[]) {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "development" as const };
  return run(process.execPath, ["--import", "tsx", script, ...args], { env });
}

async function withEmbedded<T>(work: (db: Awaited<ReturnType<typeof openPGlite>>) => Promise<T>): Promise<T> {
  const db = await openPGlite({ dataDir: embeddedDatabaseDir(dataDir) });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const addProject = (name: string) =>
  withEmbedded((db) => withTenant(db, admin, (tx) => tx.query(sql`insert into projects (company_id, name) values (${admin.companyId}, ${name})`)));
const projectNames = () =>
  withEmbedded(async (db) => (await db.query<{ name: string }>(sql`select name from projects order by name`)).map((row) => row.name));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "hourbook-backup-"));
  await withEmbedded(async (db) => {
    await migrate(db);
    admin = await createMember(db, await createCompany(db, "Backed Up Co"), "admin");
  });
  await addProject("Before backup");
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("db:backup and db:restore", () => {
  it("bring the embedded database back as it was, with an audit chain that still verifies", async () => {
    const file = join(dataDir, "hourbook.tar.gz");
    const backup = await cli("db/cli.ts", "backup", file);
    expect(backup.stdout).toMatch(/^Backed up the embedded database to .*hourbook\.tar\.gz \(\d+ bytes\)/);

    await addProject("After backup");
    expect(await projectNames()).toEqual(["After backup", "Before backup"]);

    const restore = await cli("db/cli.ts", "restore", file);
    expect(restore.stdout).toMatch(/the one it replaced is kept at .*pglite\.before-restore-/);
    expect(await projectNames()).toEqual(["Before backup"]);
    expect(await withEmbedded((db) => verifyAuditChain(db, admin.companyId))).toMatchObject({ ok: true });
    const verified = await cli("db/audit-cli.ts", "verify", admin.companyId);
    expect(verified.stdout).toMatch(/^OK: .*chain intact/);

    // The restored database takes changes, and they join the chain.
    await addProject("After restore");
    expect(await withEmbedded((db) => verifyAuditChain(db, admin.companyId))).toMatchObject({ ok: true });
    // Four command-line runs and six openings of a database folder: slow on a busy machine, not stuck.
  }, 180_000);

  it("leave the database in place when the file is not a backup", async () => {
    const before = await projectNames();
    const junk = join(dataDir, "junk.tar.gz");
    writeFileSync(junk, "not a backup");
    const failed = await cli("db/cli.ts", "restore", junk).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("could not be restored");
    expect(await projectNames()).toEqual(before);
  });

  it("send a server's operator to pg_dump", async () => {
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "postgres://hourbook@127.0.0.1:9/hourbook", NODE_ENV: "development" as const };
    const refused = await run(process.execPath, ["--import", "tsx", "db/cli.ts", "backup", join(dataDir, "x")], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/pg_dump and pg_restore/);
  });
});
