import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "./savepoint";
import { sql, type SqlFragment } from "./sql";
import { withTenant, type TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";
import { addToTeam, createEntry, createProject, createTeam, setTimesheetStatus } from "./testing/time-fixtures";

/**
 * DESIGN.md tenancy rule 5, in the policies: an employee sees their own time, a
 * manager also the people of the live teams they manage, owners, admins and
 * finance everyone's; and only the person (or an admin) writes it.
 */
let db: TestDatabase;
let companyId: string;
const people = {} as Record<
  "owner" | "admin" | "finance" | "manager" | "otherManager" | "teamMember" | "archivedTeamMember" | "otherTeamMember" | "loner",
  TenantContext
>;
let projectId: string;
const day = "2026-11-17";
const entryOf: Record<string, { id: string; timesheetId: string }> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Visibility Co");
  for (const [name, role] of [
    ["owner", "owner"],
    ["admin", "admin"],
    ["finance", "finance"],
    ["manager", "manager"],
    ["otherManager", "manager"],
    ["teamMember", "employee"],
    ["archivedTeamMember", "employee"],
    ["otherTeamMember", "employee"],
    ["loner", "employee"],
  ] as const) {
    people[name] = await createMember(db, companyId, role);
  }
  const team = await createTeam(db, companyId);
  await addToTeam(db, companyId, team, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, team, people.teamMember.userId);
  const archived = await createTeam(db, companyId, { archived: true });
  await addToTeam(db, companyId, archived, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, archived, people.archivedTeamMember.userId);
  const other = await createTeam(db, companyId);
  await addToTeam(db, companyId, other, people.otherManager.userId, { manager: true });
  await addToTeam(db, companyId, other, people.otherTeamMember.userId);
  projectId = await createProject(db, companyId);

  for (const [name, member] of Object.entries(people)) {
    entryOf[name] = await createEntry(db, { companyId, userId: member.userId, projectId, day, minutes: 60 });
    await db.query(sql`insert into timers (company_id, user_id, project_id, billable) values (${companyId}, ${member.userId}, ${projectId}, true)`);
  }
  // Another company's time, which nobody here may see whatever their role.
  const elsewhere = await createCompany(db, "Elsewhere");
  const stranger = await createMember(db, elsewhere, "employee");
  await createEntry(db, { companyId: elsewhere, userId: stranger.userId, projectId: await createProject(db, elsewhere), day, minutes: 60 });
});
afterAll(() => db.close());

type Name = keyof typeof people;
const everyone = () => Object.values(people).map((member) => member.userId).sort();
const only = (...names: Name[]) => names.map((name) => people[name].userId).sort();

async function visibleOwners(viewer: TenantContext, table: "time_entries" | "timesheets" | "timers") {
  const queries: Record<typeof table, SqlFragment> = {
    time_entries: sql`select distinct user_id from time_entries`,
    timesheets: sql`select distinct user_id from timesheets`,
    timers: sql`select distinct user_id from timers`,
  };
  const rows = await withTenant(db, viewer, (tx) => tx.query<{ user_id: string }>(queries[table]));
  return rows.map((row) => row.user_id).sort();
}

describe("who sees whose time", () => {
  const expected: Record<Name, () => string[]> = {
    owner: everyone,
    admin: everyone,
    finance: everyone,
    manager: () => only("manager", "teamMember"),
    otherManager: () => only("otherManager", "otherTeamMember"),
    teamMember: () => only("teamMember"),
    archivedTeamMember: () => only("archivedTeamMember"),
    otherTeamMember: () => only("otherTeamMember"),
    loner: () => only("loner"),
  };

  describe.each(["time_entries", "timesheets", "timers"] as const)("in %s", (table) => {
    it.each(Object.keys(expected) as Name[])("the %s sees exactly the people they may", async (name) => {
      expect(await visibleOwners(people[name], table)).toEqual(expected[name]());
    });
  });
});

describe("who writes whose time", () => {
  async function tryAs(actor: TenantContext, statement: SqlFragment): Promise<string | number> {
    const result = await withTenant(db, actor, (tx) => attempt(tx, (inner) => inner.query(sql`with changed as (${statement} returning 1) select count(*)::int as count from changed`)));
    if (!result.ok) return (result.error as { code: string }).code;
    return (result.value[0] as { count: number }).count;
  }
  const minutesOf = async (name: Name) => {
    const [row] = await db.query<{ minutes: number }>(sql`select minutes from time_entries where id = ${entryOf[name]!.id}`);
    return row?.minutes;
  };

  // Refused by the guard, which runs before the insert policy: it finds no timesheet the member may see.
  const sheetHidden = "42501";

  it("refuses an employee's entry, timesheet or timer for someone else", async () => {
    const target = entryOf.loner!;
    expect(await tryAs(people.teamMember, sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
      values (${companyId}, ${people.loner.userId}, ${target.timesheetId}, ${projectId}, ${day}, 30, true)`)).toBe(sheetHidden);
    expect(await tryAs(people.teamMember, sql`
      insert into timesheets (company_id, user_id, week_start) values (${companyId}, ${people.loner.userId}, '2026-11-23')`)).toBe("42501");
    expect(await tryAs(people.teamMember, sql`update time_entries set minutes = 1 where id = ${target.id}`)).toBe(0);
    expect(await tryAs(people.teamMember, sql`delete from time_entries where id = ${target.id}`)).toBe(0);
    expect(await tryAs(people.teamMember, sql`delete from timers where user_id = ${people.loner.userId}`)).toBe(0);
    expect(await minutesOf("loner")).toBe(60);
  });

  it("refuses an employee's entry in their own name on someone else's timesheet, which would skip its week's rules", async () => {
    expect(await tryAs(people.loner, sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
      values (${companyId}, ${people.loner.userId}, ${entryOf.otherTeamMember!.timesheetId}, ${projectId}, ${day}, 30, true)`)).toBe(sheetHidden);
    const [count] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from time_entries where timesheet_id = ${entryOf.otherTeamMember!.timesheetId}`);
    expect(count).toEqual({ count: 1 });
  });

  it("lets a manager see but not change their team's entries or timers", async () => {
    const member = entryOf.teamMember!;
    expect(await tryAs(people.manager, sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
      values (${companyId}, ${people.teamMember.userId}, ${member.timesheetId}, ${projectId}, ${day}, 30, true)`)).toBe("42501");
    expect(await tryAs(people.manager, sql`update time_entries set minutes = 1 where id = ${member.id}`)).toBe("42501");
    expect(await tryAs(people.manager, sql`delete from time_entries where id = ${member.id}`)).toBe(0);
    expect(await tryAs(people.manager, sql`update timers set notes = 'Mine now' where user_id = ${people.teamMember.userId}`)).toBe(0);
    expect(await tryAs(people.manager, sql`delete from timers where user_id = ${people.teamMember.userId}`)).toBe(0);
    expect(await minutesOf("teamMember")).toBe(60);
    expect(await visibleOwners(people.teamMember, "timers")).toEqual(only("teamMember"));
  });

  it("lets a manager reach their team's entries only through approval, which freezes the rates", async () => {
    await db.query(sql`update projects set hourly_rate_minor = ${9_000} where id = ${projectId}`);
    const member = entryOf.teamMember!;
    await setTimesheetStatus(db, member.timesheetId, "submitted");
    expect(await tryAs(people.manager, sql`update time_entries set minutes = 1 where id = ${member.id}`)).toBe("55000");
    expect(await tryAs(people.manager, sql`update time_entries set rate_minor = 1, frozen_at = now() where id = ${member.id}`)).toBe("55000");

    expect(await tryAs(people.manager, sql`update timesheets set status = 'approved' where id = ${member.timesheetId}`)).toBe(1);
    const [entry] = await db.query<{ minutes: number; rate: number | null }>(sql`
      select minutes, rate_minor as rate from time_entries where id = ${member.id}`);
    expect(entry).toEqual({ minutes: 60, rate: 9_000 });
  });

  it("lets an admin write anyone's time in a draft week", async () => {
    expect(await tryAs(people.admin, sql`update time_entries set minutes = 90 where id = ${entryOf.loner!.id}`)).toBe(1);
    expect(await minutesOf("loner")).toBe(90);
  });
});
