import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditedAs, systemActor } from "./audit-context";
import { verifyAuditChain } from "./audit-verify";
import { sql } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/** The audit log as the database keeps it: capture, stamping, append-only, the chain. */
let db: TestDatabase;
let admin: TenantContext;
let employee: TenantContext;

interface Entry {
  seq: number;
  action: string;
  entity_type: string;
  entity_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  changes: Record<string, { old: unknown; new: unknown }>;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

const entriesOf = (companyId: string, afterSeq = 0) =>
  db.query<Entry>(sql`select * from audit_entries where company_id = ${companyId} and seq > ${afterSeq} order by seq`);

const lastSeq = async (companyId: string) => {
  const [row] = await db.query<{ seq: number | null }>(sql`select max(seq)::int as seq from audit_entries where company_id = ${companyId}`);
  return row?.seq ?? 0;
};

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Audited Co");
  await createMember(db, company, "owner");
  admin = await createMember(db, company, "admin");
  employee = await createMember(db, company, "employee");
});
afterAll(() => db.close());

describe("capture", () => {
  let since: number;
  beforeEach(async () => {
    since = await lastSeq(admin.companyId);
  });

  it("records one entry per created, changed and deleted row, with the actor, the request and the diff", async () => {
    const request = { requestId: "req-1", ip: "198.51.100.7", userAgent: "Browser/1.0" };
    const [project] = await withTenant(db, { ...admin, request }, (tx) =>
      tx.query<{ id: string }>(sql`
        insert into projects (company_id, name, billable) values (${admin.companyId}, 'Atlas', true) returning id`),
    );
    await withTenant(db, admin, (tx) => tx.query(sql`update projects set name = 'Atlas 2', billable = billable where id = ${project!.id}`));
    await withTenant(db, admin, (tx) => tx.query(sql`delete from projects where id = ${project!.id}`));

    const entries = await entriesOf(admin.companyId, since);
    expect(entries.map((e) => e.action)).toEqual(["project.create", "project.update", "project.delete"]);
    expect(entries.every((e) => e.entity_type === "project" && e.entity_id === project!.id)).toBe(true);
    expect(entries[0]).toMatchObject({
      actor_kind: "person",
      actor_id: admin.userId,
      actor_name: "Test person",
      ip: "198.51.100.7",
      user_agent: "Browser/1.0",
      request_id: "req-1",
    });
    expect(entries[0]!.changes.name).toEqual({ old: null, new: "Atlas" });
    expect(entries[0]!.changes).not.toHaveProperty("company_id");
    // Only what changed, and never the bookkeeping columns.
    expect(entries[1]!.changes).toEqual({ name: { old: "Atlas", new: "Atlas 2" } });
    expect(entries[1]!.request_id).toBeNull();
    expect(entries[2]!.changes.name).toEqual({ old: "Atlas 2", new: null });
  });

  it("records nothing for a change that rolled back", async () => {
    await expect(
      withTenant(db, admin, async (tx) => {
        await tx.query(sql`insert into projects (company_id, name) values (${admin.companyId}, 'Never')`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await entriesOf(admin.companyId, since)).toEqual([]);
  });

  it("records nothing for an update that changes nothing worth recording", async () => {
    await db.query(sql`update memberships set last_active_at = now() where company_id = ${admin.companyId}`);
    await withTenant(db, admin, (tx) => tx.query(sql`update teams set name = name`));
    expect(await entriesOf(admin.companyId, since)).toEqual([]);
  });

  it("uses the action a model names, only for the statements it wraps", async () => {
    await withTenant(db, admin, async (tx) => {
      await auditedAs(tx, "member.role_change", (inner) =>
        inner.query(sql`update memberships set role = 'manager' where user_id = ${employee.userId}`),
      );
      await tx.query(sql`insert into teams (company_id, name) values (${admin.companyId}, 'After')`);
    });
    const entries = await entriesOf(admin.companyId, since);
    expect(entries.map((e) => [e.action, e.entity_id])).toEqual([
      ["member.role_change", employee.userId],
      ["team.create", expect.any(String)],
    ]);
    expect(entries[0]!.changes).toEqual({ role: { old: "employee", new: "manager" } });
  });

  it("never stores a secret, but records that it changed", async () => {
    await withTenant(db, admin, (tx) =>
      tx.query(sql`
        insert into invitations (company_id, email, role, token_hash, expires_at)
        values (${admin.companyId}, 'new@invited.example', 'employee', 'the-token-hash', now() + interval '1 day')`),
    );
    const [entry] = await entriesOf(admin.companyId, since);
    expect(entry!.changes.token_hash).toEqual({ old: null, new: "[redacted]" });
    expect(JSON.stringify(entry)).not.toContain("the-token-hash");
  });

  it("attributes a job's changes to the job, and owner-connection changes to the system", async () => {
    await withTenant(db, { ...admin, actor: systemActor("audit-export", "Audit export") }, (tx) =>
      tx.query(sql`insert into teams (company_id, name) values (${admin.companyId}, 'By a job')`),
    );
    await db.query(sql`insert into teams (company_id, name) values (${admin.companyId}, 'By the system')`);
    const entries = await entriesOf(admin.companyId, since);
    expect(entries.map((e) => [e.actor_kind, e.actor_id, e.actor_name])).toEqual([
      ["system", "audit-export", "Audit export"],
      ["system", null, null],
    ]);
  });

  it("stamps the actor itself: an explicit insert can't claim to be someone else", async () => {
    await withTenant(db, employee, (tx) =>
      tx.query(sql`
        insert into audit_entries (company_id, action, entity_type, entity_id)
        values (${employee.companyId}, 'permission.refuse', 'permission', 'member:manage')`),
    );
    const [entry] = await entriesOf(admin.companyId, since);
    expect(entry).toMatchObject({ actor_kind: "person", actor_id: employee.userId });
  });
});

describe("append-only", () => {
  it("refuses the application role any update or delete", async () => {
    await withTenant(db, admin, (tx) => tx.query(sql`insert into teams (company_id, name) values (${admin.companyId}, 'Logged')`));
    await expect(withTenant(db, admin, (tx) => tx.query(sql`update audit_entries set action = 'x.y'`))).rejects.toMatchObject({ code: "42501" });
    await expect(withTenant(db, admin, (tx) => tx.query(sql`delete from audit_entries`))).rejects.toMatchObject({ code: "42501" });
  });

  it("refuses the owner connection too, outside the retention path", async () => {
    await expect(db.query(sql`update audit_entries set action = 'x.y' where company_id = ${admin.companyId}`)).rejects.toMatchObject({
      code: "42501",
    });
    await expect(db.query(sql`delete from audit_entries where company_id = ${admin.companyId}`)).rejects.toMatchObject({ code: "42501" });
    await expect(db.query(sql`truncate audit_entries`)).rejects.toMatchObject({ code: "42501" });
  });

  it("lets only readers of the audit log read it", async () => {
    const seenByEmployee = await withTenant(db, employee, (tx) => tx.query(sql`select 1 from audit_entries`));
    expect(seenByEmployee).toEqual([]);
    const seenByAdmin = await withTenant(db, admin, (tx) => tx.query(sql`select 1 from audit_entries`));
    expect(seenByAdmin.length).toBeGreaterThan(0);
  });
});

describe("the chain", () => {
  let companyId: string;
  let owner: TenantContext;

  /** Edit the log behind the triggers' back, as someone with the database's keys could. */
  const tamper = (statement: ReturnType<typeof sql>) =>
    db.transaction(async (tx) => {
      await tx.exec("set local session_replication_role = replica");
      await tx.query(statement);
    });

  beforeEach(async () => {
    companyId = await createCompany(db, "Chained");
    owner = await createMember(db, companyId, "owner");
    for (const name of ["One", "Two", "Three", "Four"]) {
      await withTenant(db, owner, (tx) => tx.query(sql`insert into teams (company_id, name) values (${companyId}, ${name})`));
    }
  });

  it("verifies an untouched log", async () => {
    expect(await verifyAuditChain(db, companyId)).toEqual({ ok: true, entries: 6, firstSeq: 1, lastSeq: 6 });
  });

  it("finds an altered entry", async () => {
    await tamper(sql`update audit_entries set changes = '{}' where company_id = ${companyId} and seq = 4`);
    expect(await verifyAuditChain(db, companyId)).toMatchObject({ ok: false, seq: 4, entries: 3 });
  });

  it("finds an entry re-hashed to hide an edit, at the next link", async () => {
    await tamper(sql`
      update audit_entries e set changes = '{}', hash = audit_entry_digest((select x from audit_entries x where x.company_id = e.company_id and x.seq = e.seq))
       where company_id = ${companyId} and seq = 3`);
    await tamper(sql`update audit_entries e set hash = audit_entry_digest(e) where company_id = ${companyId} and seq = 3`);
    expect(await verifyAuditChain(db, companyId)).toMatchObject({ ok: false, seq: 4 });
  });

  it("finds a removed entry", async () => {
    await tamper(sql`delete from audit_entries where company_id = ${companyId} and seq = 5`);
    expect(await verifyAuditChain(db, companyId)).toMatchObject({ ok: false, seq: 5, problem: expect.stringContaining("missing") });
  });

  it("stays verifiable after retention removes the oldest entries, and still catches removing more", async () => {
    await tamper(sql`update audit_entries set occurred_at = now() - interval '400 days' where company_id = ${companyId} and seq <= 3`);
    // Re-hash what the back-dating changed, so only the pruning is under test.
    await tamper(sql`update audit_entries e set hash = audit_entry_digest(e) where company_id = ${companyId} and seq = 1`);
    for (const seq of [2, 3, 4, 5, 6]) {
      await tamper(sql`
        update audit_entries e set prev_hash = (select hash from audit_entries p where p.company_id = e.company_id and p.seq = e.seq - 1)
         where company_id = ${companyId} and seq = ${seq}`);
      await tamper(sql`update audit_entries e set hash = audit_entry_digest(e) where company_id = ${companyId} and seq = ${seq}`);
    }
    expect(await verifyAuditChain(db, companyId)).toMatchObject({ ok: true, entries: 6 });

    const [pruned] = await db.query<{ removed: number }>(sql`select prune_audit_entries(${companyId}, now() - interval '365 days')::int as removed`);
    expect(pruned?.removed).toBe(3);
    const [record] = await db.query<Entry>(sql`select * from audit_entries where company_id = ${companyId} and action = 'audit.prune'`);
    expect(record).toMatchObject({ actor_kind: "system", actor_id: "audit-retention", seq: 7 });
    expect(await verifyAuditChain(db, companyId)).toEqual({ ok: true, entries: 4, firstSeq: 4, lastSeq: 7 });

    await tamper(sql`delete from audit_entries where company_id = ${companyId} and seq = 4`);
    expect(await verifyAuditChain(db, companyId)).toMatchObject({ ok: false, seq: 4 });
  });
});
