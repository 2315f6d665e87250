import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/**
 * Tenant settings are transaction-local: on a shared pool, interleaved
 * transactions of different companies must never see each other's rows.
 */
let db: TestDatabase;
const owners: TenantContext[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 8 });
  for (let i = 0; i < 6; i++) {
    const owner = await createMember(db, await createCompany(db, `Company ${i}`), "owner");
    for (let p = 0; p < 3; p++) {
      await db.query(sql`insert into projects (company_id, name) values (${owner.companyId}, ${`P${i}-${p}`})`);
    }
    owners.push(owner);
  }
});
afterAll(() => db.close());

describe("withTenant on a Postgres pool", () => {
  it("keeps 600 interleaved transactions of 6 companies apart", async () => {
    const runs = Array.from({ length: 600 }, (_, i) => {
      const owner = owners[i % owners.length]!;
      return withTenant(db, owner, async (tx) => {
        const before = await tx.query<{ company_id: string }>(sql`select company_id from projects`);
        // Yield inside the transaction so others take turns on the pool's connections.
        await tx.query(sql`select pg_sleep(${(i % 5) / 1000})`);
        const after = await tx.query<{ company_id: string }>(sql`select company_id from projects`);
        return { owner, rows: [...before, ...after] };
      });
    });
    const results = await Promise.all(runs);
    const leaks = results.flatMap(({ owner, rows }) => rows.filter((r) => r.company_id !== owner.companyId));
    expect(leaks).toEqual([]);
    expect(results.every(({ rows }) => rows.length === 6)).toBe(true);
  });
});
