import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, MigrationError, readMigrations } from "./migrate";
import { defaultMigrationsDir } from "./project-root";
import { sql } from "./sql";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/** Each test gets a migrated database and a copy of the real migrations folder to add to or tamper with. */
let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "hourbook-migrations-"));
  cpSync(defaultMigrationsDir(), dir, { recursive: true });
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const recorded = () =>
  db.query<{ name: string; checksum: string }>(sql`select name, checksum from schema_migrations order by version`);

const tableExists = async (name: string) =>
  (await db.query(sql`select 1 from pg_class where relname = ${name} and relkind = 'r'`)).length > 0;

describe("migrate", () => {
  it("records every applied file with its checksum and does nothing the second time", async () => {
    const files = readMigrations();
    expect(await recorded()).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
    expect(await migrate(db, dir)).toEqual([]);
  });

  it("applies a new file, in order, once", async () => {
    writeFileSync(join(dir, "9001_add_widgets.sql"), "create table widgets (id int primary key);");
    writeFileSync(join(dir, "9002_add_gadgets.sql"), "create table gadgets (id int primary key);");
    expect(await migrate(db, dir)).toEqual(["9001_add_widgets.sql", "9002_add_gadgets.sql"]);
    expect(await migrate(db, dir)).toEqual([]);
    expect(await tableExists("gadgets")).toBe(true);
  });

  it("refuses an applied migration that was edited, naming it", async () => {
    const first = readMigrations(dir)[0]!;
    writeFileSync(join(dir, first.name), `${readFileSync(join(dir, first.name), "utf8")}\n-- edited`);
    await expect(migrate(db, dir)).rejects.toThrow(new RegExp(`${first.name} was edited after it was applied`));
  });

  it("rolls a failing migration back whole and leaves it unrecorded", async () => {
    writeFileSync(
      join(dir, "9100_half_broken.sql"),
      "create table half_done (id int primary key);\ncreate tabel oops (id int);",
    );
    const before = await recorded();
    await expect(migrate(db, dir)).rejects.toThrow(/9100_half_broken\.sql failed and was rolled back/);
    expect(await tableExists("half_done")).toBe(false);
    expect(await recorded()).toEqual(before);
  });

  it("refuses to run when the database knows a migration the code does not", async () => {
    writeFileSync(join(dir, "9200_temporary.sql"), "select 1;");
    await migrate(db, dir);
    rmSync(join(dir, "9200_temporary.sql"));
    await expect(migrate(db, dir)).rejects.toThrow(/has migration 9200_temporary\.sql, which this code does not have/);
  });

  it("rejects badly named files instead of skipping them", () => {
    writeFileSync(join(dir, "12_too_short.sql"), "select 1;");
    expect(() => readMigrations(dir)).toThrow(MigrationError);
  });
});
