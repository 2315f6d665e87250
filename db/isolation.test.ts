import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifier, join, sql, type SqlFragment } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { tenantTables } from "./testing/tenant-tables";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/**
 * DESIGN.md tenancy rule 6: for every tenant table, another company's rows can be
 * neither read nor written, and a transaction without a tenant context sees nothing.
 */
let db: TestDatabase;
let ownerA: TenantContext;
let ownerB: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  const companyA = await createCompany(db, "Company A");
  const companyB = await createCompany(db, "Company B");
  ownerA = await createMember(db, companyA, "owner");
  ownerB = await createMember(db, companyB, "owner");
});

afterAll(() => db.close());

function insertInto(table: string, values: Record<string, unknown>): SqlFragment {
  const columns = Object.keys(values);
  return sql`insert into ${identifier(table)} (${join(columns.map(identifier), ", ")})
    values (${join(columns.map((column) => sql`${values[column] as string}`), ", ")})`;
}

/** As the application role with no tenant settings at all. */
function withoutContext<T>(work: (query: (q: SqlFragment) => Promise<unknown[]>) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.exec("set local role hourbook_app");
    return work((q) => tx.query(q));
  });
}

const rlsViolation = { code: "42501" };

describe.each(tenantTables)("$table", ({ table, row, update: [column, value], refused = [] }) => {
  const t = identifier(table);
  const col = identifier(column);

  /** Without the privilege the statement must be refused; with it, it must reach nothing. */
  const expectNothingReached = async (statement: "select" | "update" | "delete", run: () => Promise<unknown[]>) => {
    if (refused.includes(statement)) await expect(run()).rejects.toMatchObject(rlsViolation);
    else expect(await run()).toEqual([]);
  };

  beforeAll(async () => {
    for (const owner of [ownerA, ownerB]) {
      const values = { company_id: owner.companyId, ...(await row(db)) };
      await withTenant(db, owner, (tx) => tx.query(insertInto(table, values)));
    }
  });

  const countOfB = async () => {
    const [result] = await db.query<{ count: number }>(
      sql`select count(*)::int as count from ${t} where company_id = ${ownerB.companyId}`,
    );
    return result?.count ?? 0;
  };

  it("shows a company only its own rows", async () => {
    if (refused.includes("select")) {
      await expectNothingReached("select", () => withTenant(db, ownerA, (tx) => tx.query(sql`select 1 from ${t}`)));
      return;
    }
    const seen = await withTenant(db, ownerA, (tx) => tx.query<{ company_id: string }>(sql`select company_id from ${t}`));
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.company_id))).toEqual(new Set([ownerA.companyId]));
    const targeted = await withTenant(db, ownerA, (tx) =>
      tx.query(sql`select 1 from ${t} where company_id = ${ownerB.companyId}`),
    );
    expect(targeted).toEqual([]);
  });

  it("refuses to insert a row for another company", async () => {
    const values = { company_id: ownerB.companyId, ...(await row(db)) };
    await expect(withTenant(db, ownerA, (tx) => tx.query(insertInto(table, values)))).rejects.toMatchObject(
      rlsViolation,
    );
  });

  it("cannot update another company's rows", async () => {
    const before = await countOfB();
    await expectNothingReached("update", () =>
      withTenant(db, ownerA, (tx) =>
        tx.query(sql`update ${t} set ${col} = ${value as string} where company_id = ${ownerB.companyId} returning 1`),
      ),
    );
    const [untouched] = await db.query<{ count: number }>(
      sql`select count(*)::int as count from ${t} where company_id = ${ownerB.companyId} and ${col} is distinct from ${value as string}`,
    );
    expect(untouched?.count).toBe(before);
  });

  it("cannot move its own rows into another company", async () => {
    await expect(
      withTenant(db, ownerA, (tx) =>
        tx.query(sql`update ${t} set company_id = ${ownerB.companyId} where company_id = ${ownerA.companyId}`),
      ),
    ).rejects.toMatchObject(rlsViolation);
  });

  it("cannot delete another company's rows", async () => {
    const before = await countOfB();
    await expectNothingReached("delete", () =>
      withTenant(db, ownerA, (tx) => tx.query(sql`delete from ${t} where company_id = ${ownerB.companyId} returning 1`)),
    );
    expect(await countOfB()).toBe(before);
  });

  it("shows nothing and accepts nothing without a tenant context", async () => {
    await expectNothingReached("select", () => withoutContext((query) => query(sql`select 1 from ${t}`)));
    const values = { company_id: ownerA.companyId, ...(await row(db)) };
    await expect(withoutContext((query) => query(insertInto(table, values)))).rejects.toMatchObject(rlsViolation);
  });
});
