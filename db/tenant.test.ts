import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "./sql";
import { withTenant, withTenantFound, type FoundTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

/** The database as the second wall: what each role may do, enforced by policies. */
let db: TestDatabase;
let admin: TenantContext;
let employee: TenantContext;
let outsider: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Policy Co");
  admin = await createMember(db, company, "admin");
  employee = await createMember(db, company, "employee");
  outsider = await createMember(db, await createCompany(db, "Elsewhere"), "owner");
});
afterAll(() => db.close());

describe("withTenant", () => {
  it("runs as the application role with the context set only inside the transaction", async () => {
    const [inside] = await withTenant(db, employee, (tx) =>
      tx.query<{ who: string; company: string; role: string }>(
        sql`select current_user as who, app_company_id()::text as company, app_role() as role`,
      ),
    );
    expect(inside).toEqual({ who: "hourbook_app", company: employee.companyId, role: "employee" });
    const [after] = await db.query<{ company: string | null }>(sql`select app_company_id()::text as company`);
    expect(after?.company).toBeNull();
  });

  it("refuses a malformed context before touching the database", async () => {
    await expect(
      withTenant(db, { companyId: "not-a-uuid", userId: employee.userId, role: "employee" }, async () => 1),
    ).rejects.toThrow();
  });
});

describe("role policies", () => {
  it("let owners and admins create projects but not employees", async () => {
    await withTenant(db, admin, (tx) =>
      tx.query(sql`insert into projects (company_id, name) values (${admin.companyId}, 'By admin')`),
    );
    await expect(
      withTenant(db, employee, (tx) =>
        tx.query(sql`insert into projects (company_id, name) values (${employee.companyId}, 'By employee')`),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    const visible = await withTenant(db, employee, (tx) => tx.query<{ name: string }>(sql`select name from projects`));
    expect(visible.map((p) => p.name)).toEqual(["By admin"]);
  });

  it("show a member the people of their company only, and never a password hash", async () => {
    const people = await withTenant(db, employee, (tx) => tx.query<{ id: string }>(sql`select id from users`));
    expect(people.map((p) => p.id).sort()).toEqual([admin.userId, employee.userId].sort());
    await expect(withTenant(db, employee, (tx) => tx.query(sql`select password_hash from users`))).rejects.toMatchObject({
      code: "42501",
    });
  });

  it("show a member their own company only", async () => {
    const companies = await withTenant(db, outsider, (tx) => tx.query<{ id: string }>(sql`select id from companies`));
    expect(companies).toEqual([{ id: outsider.companyId }]);
  });

  it("let only owners and admins change company settings", async () => {
    const renamed = await withTenant(db, employee, (tx) =>
      tx.query(sql`update companies set name = 'Hijacked' where id = ${employee.companyId} returning 1`),
    );
    expect(renamed).toEqual([]);
    const byAdmin = await withTenant(db, admin, (tx) =>
      tx.query(sql`update companies set week_start = 7 where id = ${admin.companyId} returning week_start`),
    );
    expect(byAdmin).toEqual([{ week_start: 7 }]);
  });
});

describe("a manager's authority", () => {
  it("covers the people in the live teams they manage, and nobody else", async () => {
    const company = await createCompany(db, "Managed Co");
    const manager = await createMember(db, company, "manager");
    const report = await createMember(db, company, "employee");
    const stranger = await createMember(db, company, "employee");
    const [team] = await db.query<{ id: string }>(sql`insert into teams (company_id, name) values (${company}, 'Support') returning id`);
    await db.query(sql`
      insert into team_members (company_id, team_id, user_id, is_manager)
      values (${company}, ${team!.id}, ${manager.userId}, true), (${company}, ${team!.id}, ${report.userId}, false)`);
    const manages = (who: TenantContext, target: string) =>
      withTenant(db, who, (tx) => tx.query<{ yes: boolean }>(sql`select app_manages_user(${target}::uuid) as yes`)).then((r) => r[0]?.yes);

    expect(await manages(manager, report.userId)).toBe(true);
    expect(await manages(manager, stranger.userId)).toBe(false);
    // Authority comes from the manager role and the team, not from being in a team.
    expect(await manages(report, manager.userId)).toBe(false);
    expect(await manages({ ...manager, role: "employee" }, report.userId)).toBe(false);
    await db.query(sql`update teams set archived_at = now() where company_id = ${company} and id = ${team!.id}`);
    expect(await manages(manager, report.userId)).toBe(false);
  });
});

describe("withTenantFound", () => {
  const findMember = (userId: string) => sql`
    select m.company_id as "companyId", m.user_id as "userId", m.role, 'found' as note
      from memberships m where m.user_id = ${userId}`;
  const whoAmI = sql`select current_user as who, app_company_id()::text as company, app_role() as role,
                            (select count(*)::int from memberships) as members`;

  it("enters the company of the row it finds, in the same statement, and hands over the row", async () => {
    const seen = await withTenantFound<FoundTenant & { note: string }, unknown>(db, findMember(employee.userId), {}, async (row, tx) => {
      expect(row).toMatchObject({ companyId: employee.companyId, userId: employee.userId, role: "employee", note: "found" });
      return (await tx!.query(whoAmI))[0];
    });
    expect(seen).toMatchObject({ who: "hourbook_app", company: employee.companyId, role: "employee" });
  });

  it("gives no tenant transaction when it finds no one, or someone without a company", async () => {
    const nobody = "00000000-0000-4000-8000-000000000000";
    await withTenantFound(db, findMember(nobody), {}, async (row, tx) => {
      expect([row, tx]).toEqual([null, null]);
    });
    const companyless = sql`select null::uuid as "companyId", ${employee.userId}::uuid as "userId", null::text as role`;
    await withTenantFound(db, companyless, {}, async (row, tx) => {
      expect(row).toEqual({ companyId: null, userId: employee.userId, role: null });
      expect(tx).toBeNull();
    });
  });

  it("refuses a finding that returns more than one row", async () => {
    const everyone = sql`select m.company_id as "companyId", m.user_id as "userId", m.role from memberships m`;
    await expect(withTenantFound(db, everyone, {}, async () => "ran")).rejects.toThrow(/at most one row/);
  });
});
