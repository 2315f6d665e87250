import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "./sql";
import { tenantTables } from "./testing/tenant-tables";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/**
 * DESIGN.md tenancy rules 1 and 2, read from the system catalog so tables added by
 * later migrations are checked without anyone listing them.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

interface TenantTableFacts {
  table: string;
  rls: boolean;
  forced: boolean;
  company_id_not_null: boolean;
  primary_key_first: string | null;
}

const tenantTableFacts = () =>
  db.query<TenantTableFacts>(sql`
    select c.relname as table,
           c.relrowsecurity as rls,
           c.relforcerowsecurity as forced,
           a.attnotnull as company_id_not_null,
           (select pa.attname from pg_constraint pk
              join pg_attribute pa on pa.attrelid = pk.conrelid and pa.attnum = pk.conkey[1]
             where pk.conrelid = c.oid and pk.contype = 'p') as primary_key_first
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by c.relname`);

describe("every table with company_id", () => {
  it("has RLS enabled and forced, a not-null company_id and a primary key starting with it", async () => {
    const facts = await tenantTableFacts();
    expect(facts.length).toBeGreaterThan(0);
    const broken = facts.filter(
      (f) => !f.rls || !f.forced || !f.company_id_not_null || f.primary_key_first !== "company_id",
    );
    expect(broken).toEqual([]);
  });

  it("is in the isolation suite", async () => {
    const tables = (await tenantTableFacts()).map((f) => f.table).sort();
    expect(tenantTables.map((t) => t.table).sort()).toEqual(tables);
  });

  it("has only policies keyed on the transaction's company", async () => {
    const policies = await db.query<{ table: string; policy: string; qual: string | null; with_check: string | null }>(sql`
      select p.tablename as table, p.policyname as policy, p.qual, p.with_check
        from pg_policies p
        join pg_attribute a on a.attrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
                           and a.attname = 'company_id' and not a.attisdropped
       where p.schemaname = 'public'`);
    expect(policies.length).toBeGreaterThan(0);
    const unkeyed = policies.filter(
      (p) => ![p.qual, p.with_check].some((expr) => expr?.includes("app_company_id()")),
    );
    expect(unkeyed).toEqual([]);
  });

  it("references other tenant tables only through company_id", async () => {
    const foreignKeys = await db.query<{ constraint: string; scoped: boolean }>(sql`
      select con.conname as constraint,
             exists (
               select 1 from unnest(con.conkey, con.confkey) as k(source_column, target_column)
                where k.source_column = src.attnum and k.target_column = dst.attnum
             ) as scoped
        from pg_constraint con
        join pg_attribute src on src.attrelid = con.conrelid and src.attname = 'company_id'
        join pg_attribute dst on dst.attrelid = con.confrelid and dst.attname = 'company_id'
       where con.contype = 'f'`);
    expect(foreignKeys.filter((fk) => !fk.scoped)).toEqual([]);
  });
});

/**
 * Tables with company data that are deliberately not audited, and why. Anything else
 * with company_id must carry the audit trigger (audit_table() in its migration).
 */
const notAudited: Record<string, string> = {
  audit_entries: "the audit log itself",
  outbox: "deliveries of audited changes; holds single-use links",
  notifications: "messages derived from audited events",
  timers: "a running timer is scratch; stopping it writes an audited time entry",
  reminders_sent: "a record of notifications sent, which aren't audited either; the setting behind them is",
  report_schedule_runs: "a record of scheduled report emails sent; the schedule behind them is audited",
  api_idempotency_keys: "the answers kept for retried API requests; the changes they made are audited",
  webhook_events: "announcements of audited changes, as the outbox is",
  webhook_deliveries: "the sending of those announcements, kept 30 days with their log",
  webhook_attempts: "the delivery log itself, kept 30 days",
};

describe("audit coverage", () => {
  it("records changes to every table with company_id, and to companies", async () => {
    const uncovered = await db.query<{ table: string }>(sql`
      select c.relname as table
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and (c.relname = 'companies'
              or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped))
         and not exists (
           select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
            where t.tgrelid = c.oid and p.proname = 'audit_row_change' and t.tgenabled <> 'D'
              -- insert, update and delete, per row
              and t.tgtype & 1 = 1 and t.tgtype & (4 | 8 | 16) = (4 | 8 | 16))
       order by 1`);
    expect(uncovered.map((row) => row.table).filter((table) => !(table in notAudited))).toEqual([]);
  });

  it("exempts only tables that exist", async () => {
    const tables = (await tenantTableFacts()).map((f) => f.table);
    expect(Object.keys(notAudited).filter((table) => !tables.includes(table))).toEqual([]);
  });
});

describe("the application role", () => {
  it("is not a superuser, cannot bypass RLS and inherits neither from another role", async () => {
    const roles = await db.query<{ rolname: string }>(sql`
      select r.rolname from pg_roles r
       where pg_has_role('hourbook_app', r.oid, 'MEMBER') and (r.rolsuper or r.rolbypassrls)`);
    expect(roles).toEqual([]);
    const [app] = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'hourbook_app'`,
    );
    expect(app).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("owns no table (owners can be exempt from RLS)", async () => {
    const owned = await db.query(sql`
      select c.relname from pg_class c where c.relowner = (select oid from pg_roles where rolname = 'hourbook_app')`);
    expect(owned).toEqual([]);
  });

  it("reaches only tables behind forced RLS", async () => {
    const reachable = await db.query<{ table: string; rls: boolean; forced: boolean }>(sql`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
         and (has_any_column_privilege('hourbook_app', c.oid, 'SELECT, INSERT, UPDATE')
              or has_table_privilege('hourbook_app', c.oid, 'DELETE, TRUNCATE'))`);
    expect(reachable.map((r) => r.table)).toEqual(expect.arrayContaining(["companies", "users", "projects"]));
    expect(reachable.filter((r) => !r.rls || !r.forced)).toEqual([]);
    expect(reachable.map((r) => r.table)).not.toContain("schema_migrations");
  });
});
