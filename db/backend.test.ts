import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "./errors";
import { attempt } from "./savepoint";
import { sql } from "./sql";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/** The same SQL must give the same JavaScript values on PGlite and on Postgres. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe(`the ${process.env.DATABASE_URL ? "postgres" : "pglite"} backend`, () => {
  it("returns the agreed JavaScript types", async () => {
    const [row] = await db.query(sql`
      select 42::int8 as big, 7::int4 as small, 1.50::numeric(6,2) as exact,
             '2026-03-29'::date as day, '2026-03-29T01:30:00Z'::timestamptz as instant,
             true as flag, null::text as nothing`);
    expect(row).toEqual({
      big: 42,
      small: 7,
      exact: "1.50",
      day: "2026-03-29",
      instant: new Date("2026-03-29T01:30:00Z"),
      flag: true,
      nothing: null,
    });
  });

  it("round-trips JSON objects and matches arrays with any()", async () => {
    const [row] = await db.query<{ doc: unknown; hit: boolean }>(
      sql`select ${{ a: 1, b: ["x"] }}::jsonb as doc, 2 = any(${[1, 2, 3]}::int[]) as hit`,
    );
    expect(row).toEqual({ doc: { a: 1, b: ["x"] }, hit: true });
  });

  it("keeps a transaction usable after a refused savepoint, and commits the rest", async () => {
    const outcome = await db.transaction(async (tx) => {
      await tx.query(sql`insert into companies (name, slug) values ('Kept', 'kept-by-savepoint')`);
      const refused = await attempt(tx, (inner) =>
        inner.query(sql`insert into companies (name, slug) values ('Clash', 'kept-by-savepoint')`),
      );
      const [row] = await tx.query<{ n: number }>(sql`select count(*)::int as n from companies where slug = 'kept-by-savepoint'`);
      return { refused: !refused.ok && isUniqueViolation(refused.error, "companies_slug_key"), n: row?.n };
    });
    expect(outcome).toEqual({ refused: true, n: 1 });
    expect(await db.query(sql`select name from companies where slug = 'kept-by-savepoint'`)).toEqual([{ name: "Kept" }]);
  });

  it("rolls a failed transaction back whole", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(sql`insert into companies (name, slug) values ('Doomed', 'doomed')`);
        await tx.query(sql`select 1/0`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await db.query(sql`select 1 from companies where slug = 'doomed'`)).toEqual([]);
  });
});
