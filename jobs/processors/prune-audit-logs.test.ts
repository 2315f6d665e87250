import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../db/audit-verify";
import { sql } from "../../db/sql";
import { withTenant } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createPruneAuditLogsProcessor } from "./prune-audit-logs";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const job = { id: "prune-1", name: "prune-audit-logs", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 };

/** Make a company's entries look old, re-chaining them as the stamping trigger would have. */
async function backdate(companyId: string, days: number) {
  await db.transaction(async (tx) => {
    await tx.exec("set local session_replication_role = replica");
    const entries = await tx.query<{ seq: number }>(sql`select seq from audit_entries where company_id = ${companyId} order by seq`);
    for (const { seq } of entries) {
      await tx.query(sql`
        update audit_entries e
           set occurred_at = now() - make_interval(days => ${days}),
               prev_hash = coalesce((select p.hash from audit_entries p where p.company_id = e.company_id and p.seq = e.seq - 1), audit_genesis_hash())
         where company_id = ${companyId} and seq = ${seq}`);
      await tx.query(sql`update audit_entries e set hash = audit_entry_digest(e) where company_id = ${companyId} and seq = ${seq}`);
    }
  });
}

describe("prune-audit-logs", () => {
  it("removes entries past each company's retention, records it, and leaves the chain verifiable", async () => {
    const keeping = await createCompany(db, "Keeps everything");
    const pruning = await createCompany(db, "Keeps 90 days");
    for (const companyId of [keeping, pruning]) {
      const owner = await createMember(db, companyId, "owner");
      await withTenant(db, owner, (tx) => tx.query(sql`insert into teams (company_id, name) values (${companyId}, 'Old team')`));
      await backdate(companyId, 400);
      await withTenant(db, owner, (tx) => tx.query(sql`insert into teams (company_id, name) values (${companyId}, 'New team')`));
    }
    await db.query(sql`update companies set audit_retention_days = 90 where id = ${pruning}`);
    const count = async (companyId: string) =>
      (await db.query<{ n: number }>(sql`select count(*)::int as n from audit_entries where company_id = ${companyId}`))[0]!.n;
    const keptBefore = await count(keeping);

    await createPruneAuditLogsProcessor({ db, logger: pino({ level: "silent" }) })(job);

    expect(await count(keeping)).toBe(keptBefore);
    const actions = await db.query<{ action: string }>(sql`select action from audit_entries where company_id = ${pruning} order by seq`);
    // The settings change and the new team stay; the prune records itself.
    expect(actions.map((a) => a.action)).toEqual(["team.create", "company.update", "audit.prune"]);
    expect(await verifyAuditChain(db, pruning)).toMatchObject({ ok: true, entries: 3 });

    await createPruneAuditLogsProcessor({ db, logger: pino({ level: "silent" }) })(job);
    expect(await count(pruning)).toBe(3);
  });
});
