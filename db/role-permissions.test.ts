import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionRoles } from "../app/kernel/permissions";
import { sql } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/**
 * The permission map reaches SQL (decision 026): role_permissions holds exactly
 * app/kernel/permissions.ts's pairs, policies follow the table, and no policy or function
 * names roles itself except the few rules below that are about a row's role.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const pair = (role: string, permission: string) => `${role} ${permission}`;

describe("role_permissions", () => {
  it("holds every pair of permissionRoles and nothing else", async () => {
    const rows = await db.query<{ role: string; permission: string }>(sql`select role, permission from role_permissions`);
    const inSql = rows.map((row) => pair(row.role, row.permission)).sort();
    const inTs = Object.entries(permissionRoles)
      .flatMap(([permission, roles]) => roles.map((role) => pair(role, permission)))
      .sort();
    // Both ways: a pair missing here, or one SQL still grants that the map took away.
    expect(inSql.filter((p) => !inTs.includes(p))).toEqual([]);
    expect(inTs.filter((p) => !inSql.includes(p))).toEqual([]);
  });

  it("is readable but not writable by the application role", async () => {
    const [grants] = await db.query<{ reads: boolean; writes: boolean }>(sql`
      select has_table_privilege('hourbook_app', 'role_permissions', 'SELECT') as reads,
             has_table_privilege('hourbook_app', 'role_permissions', 'INSERT, UPDATE, DELETE, TRUNCATE') as writes`);
    expect(grants).toEqual({ reads: true, writes: false });
  });

  it("decides what policies allow: without ('finance', 'invoice:manage') finance can't write invoices", async () => {
    const company = await createCompany(db, "Permission Co");
    const finance: TenantContext = await createMember(db, company, "finance");
    const writeSettings = () =>
      withTenant(db, finance, (tx) =>
        tx.query(sql`insert into invoice_settings (company_id, legal_name) values (${company}, 'Permission Co GmbH')`),
      );

    await writeSettings();
    await db.query(sql`delete from invoice_settings where company_id = ${company}`);
    await db.query(sql`delete from role_permissions where role = 'finance' and permission = 'invoice:manage'`);
    try {
      await expect(writeSettings()).rejects.toMatchObject({ code: "42501" });
      // Reading still follows its own pair, invoice:view.
      const seen = await withTenant(db, finance, (tx) => tx.query(sql`select 1 from invoices`));
      expect(seen).toEqual([]);
    } finally {
      await db.query(sql`insert into role_permissions (role, permission) values ('finance', 'invoice:manage')`);
    }
    await writeSettings();
  });
});

/**
 * Policies and functions that compare a role to a literal, and why each is not a
 * permission: they ask about a row's role, not about what the acting member may do.
 */
const literalRoleAllowed: Record<string, string> = {
  "policy memberships_insert": "role <> 'owner' asks whether the new row makes an owner; who may is member:transfer-ownership",
  "policy memberships_update": "role <> 'owner' asks whether the row is an owner's; who may change it is member:transfer-ownership",
  "policy memberships_delete": "role <> 'owner' asks whether the row is an owner's; who may remove it is member:transfer-ownership",
  "function ensure_company_has_owner": "a company keeps an active owner: about the memberships' roles, not the actor",
};

const namesRoles = /'(owner|admin|manager|finance|employee)'|app_role\(\)/;

describe("policies and functions", () => {
  const rulesInCatalog = () =>
    db.query<{ name: string; body: string }>(sql`
      select 'policy ' || policyname as name, concat_ws(' ', qual, with_check) as body
        from pg_policies where schemaname = 'public'
      union all
      select 'function ' || p.proname, p.prosrc
        from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         -- Functions of extensions aren't ours to rewrite.
         and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
         -- The two that read the role: the setting itself, and the one question asked of it.
         and p.proname not in ('app_role', 'app_can')`);

  it("ask app_can instead of naming roles", async () => {
    const rules = await rulesInCatalog();
    expect(rules.length).toBeGreaterThan(50);
    const naming = rules.filter((rule) => namesRoles.test(rule.body) && !(rule.name in literalRoleAllowed));
    expect(naming.map((rule) => rule.name)).toEqual([]);
  });

  it("allow literal roles only where they still appear", async () => {
    const rules = await rulesInCatalog();
    const stale = Object.keys(literalRoleAllowed).filter(
      (name) => !rules.some((rule) => rule.name === name && namesRoles.test(rule.body)),
    );
    expect(stale).toEqual([]);
  });
});
