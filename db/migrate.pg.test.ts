import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate";
import { sql } from "./sql";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterAll(() => db.close());

describe("migrate on Postgres", () => {
  it("lets only one of several processes starting at once apply each file", async () => {
    // Each run takes its own pooled connections, as separate processes would.
    const runs = await Promise.all(Array.from({ length: 4 }, () => migrate(db)));
    const names = readMigrations().map((f) => f.name);
    expect(runs.flat().sort()).toEqual(names.sort());
    const [count] = await db.query<{ count: number }>(sql`select count(*)::int as count from schema_migrations`);
    expect(count?.count).toBe(names.length);
  });
});
