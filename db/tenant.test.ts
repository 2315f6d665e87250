import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
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
