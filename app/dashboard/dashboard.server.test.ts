import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext, TenantTransaction } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { addToTeam, createClient, createEntry, createProject, createTeam, setTimesheetStatus } from "../../db/testing/time-fixtures";
import { loader } from "~/routes/c.$company._index/route";
import { action as settingsAction } from "~/routes/c.$company.settings";
import { countingQueries, createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { budgetLevel } from "~/kernel/catalog/budgets.server";
import {
  getDashboardCalendar,
  loadCompanyDashboard,
  loadEmployeeDashboard,
  loadTeamDashboard,
  previousMonthStart,
  type DashboardCalendar,
} from "./dashboard.server";

/**
 * The dashboard's figures on a small company, seen from a fixed Wednesday,
 * 18 November 2026 (UTC, weeks from Monday): an owner, an admin, finance, a
 * manager of a team holding one employee, and an employee outside it. Every figure
 * is checked against a direct SQL sum over the same rows, and against numbers
 * worked out by hand where the rule (what counts, what doesn't) is the point.
 */
const now = new Date("2026-11-18T12:00:00Z");
const thisWeek = "2026-11-16";
const lastWeek = "2026-11-09";

let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let companyId = "";
let slug = "";
const roles = {
  owner: "owner",
  admin: "admin",
  finance: "finance",
  manager: "manager",
  teamEmployee: "employee",
  loneEmployee: "employee",
} as const;
let people: Record<keyof typeof roles, TenantContext>;
let tokens: Record<keyof typeof roles, string>;
const projects = { northwind: "", initech: "", internal: "", untouched: "", archived: "" };
const entries: { id: string; userId: string }[] = [];

async function log(who: keyof typeof people, projectId: string, day: string, minutes: number, billable = true) {
  const entry = await createEntry(db, { companyId, userId: people[who].userId, projectId, day, minutes, billable });
  entries.push({ id: entry.id, userId: people[who].userId });
  return entry;
}

/** Put one approved entry on an invoice and issue it, as invoicing will. */
async function invoiceEntry(clientId: string, entryId: string, minutes: number, rateMinor: number, status: "draft" | "issued") {
  await db.query(sql`
    insert into invoice_settings (company_id, legal_name) values (${companyId}, 'Dashboard Co Ltd')
    on conflict (company_id) do nothing`);
  const [invoice] = await db.query<{ id: string }>(sql`
    insert into invoices (company_id, client_id, currency, period_from, period_to)
    values (${companyId}, ${clientId}, 'EUR', '2026-11-01', '2026-11-30') returning id`);
  const amount = Math.round((minutes * rateMinor) / 60);
  const [line] = await db.query<{ id: string }>(sql`
    insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor, amount_minor,
                               tax_rate_bp, tax_minor, project_id)
    values (${companyId}, ${invoice!.id}, 0, 'time', 'Website', ${minutes}, ${rateMinor}, ${amount}, 0, 0, ${projects.northwind})
    returning id`);
  await db.query(sql`
    insert into invoice_entries (company_id, invoice_id, entry_id, line_id) values (${companyId}, ${invoice!.id}, ${entryId}, ${line!.id})`);
  if (status === "issued") {
    await db.query(sql`
      update invoices set status = 'issued', subtotal_minor = ${amount}, tax_minor = 0, total_minor = ${amount}
       where company_id = ${companyId} and id = ${invoice!.id}`);
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  companyId = await createCompany(db, "Dashboard Co");
  [{ slug } = { slug: "" }] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  ({ people, tokens } = await createSignedInMembers(db, context, companyId, roles));
  const team = await createTeam(db, companyId);
  await addToTeam(db, companyId, team, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, team, people.teamEmployee.userId);

  const northwind = await createClient(db, companyId, { name: "Northwind", currency: "EUR", hourlyRateMinor: 10_000 });
  const initech = await createClient(db, companyId, { name: "Initech", currency: "USD", hourlyRateMinor: 5_000 });
  projects.northwind = await createProject(db, companyId, { name: "Website", clientId: northwind });
  projects.initech = await createProject(db, companyId, { name: "Migration", clientId: initech, hourlyRateMinor: 8_000 });
  projects.internal = await createProject(db, companyId, { name: "Internal", billable: false });
  projects.untouched = await createProject(db, companyId, { name: "Untouched" });
  projects.archived = await createProject(db, companyId, { name: "Old", archived: true });
  // Website ends exactly at its budget, Migration at 90 %, Untouched at nothing.
  for (const [id, budget] of [[projects.northwind, 845], [projects.initech, 300], [projects.untouched, 1000], [projects.archived, 10]] as const) {
    await db.query(sql`update projects set budget_minutes = ${budget} where company_id = ${companyId} and id = ${id}`);
  }

  // This week, up to Wednesday, and one entry logged ahead on Friday.
  await log("teamEmployee", projects.northwind, "2026-11-16", 120);
  await log("teamEmployee", projects.internal, "2026-11-18", 60, false);
  await log("teamEmployee", projects.northwind, "2026-11-20", 30);
  await log("loneEmployee", projects.initech, "2026-11-16", 90);
  await log("manager", projects.northwind, "2026-11-17", 60);
  // Last week: the team employee's approved, the manager's submitted, the lone employee's a draft.
  const approved = await log("teamEmployee", projects.northwind, "2026-11-09", 240);
  await log("teamEmployee", projects.initech, "2026-11-10", 180);
  await setTimesheetStatus(db, approved.timesheetId, "approved");
  const submitted = await log("manager", projects.northwind, "2026-11-12", 45);
  await setTimesheetStatus(db, submitted.timesheetId, "submitted");
  await log("loneEmployee", projects.northwind, "2026-11-11", 100);
  // Two weeks ago, approved and invoiced; three weeks ago, submitted and waiting for the manager.
  const invoiced = await log("teamEmployee", projects.northwind, "2026-11-02", 200);
  await setTimesheetStatus(db, invoiced.timesheetId, "approved");
  await invoiceEntry(northwind, invoiced.id, 200, 10_000, "issued");
  // On a draft invoice only: still waiting to be invoiced.
  await invoiceEntry(northwind, approved.id, 240, 10_000, "draft");
  const waiting = await log("teamEmployee", projects.internal, "2026-10-26", 30, false);
  await setTimesheetStatus(db, waiting.timesheetId, "submitted");
  // October, for last month's billable ratio; and long ago, outside the twelve weeks.
  await log("loneEmployee", projects.internal, "2026-10-05", 100, false);
  await log("loneEmployee", projects.northwind, "2026-08-03", 50);

  // Another company's time on the same days and projects' names must never count.
  const other = await createCompany(db, "Elsewhere");
  const stranger = await createMember(db, other, "owner");
  const otherProject = await createProject(db, other, { name: "Website" });
  for (const day of ["2026-11-16", "2026-11-09", "2026-10-05"]) {
    await createEntry(db, { companyId: other, userId: stranger.userId, projectId: otherProject, day, minutes: 480 });
  }
});

afterAll(async () => {
  await app.close();
  await db.close();
});

function as<T>(who: keyof typeof people, work: (tx: TenantTransaction, calendar: DashboardCalendar) => Promise<T>): Promise<T> {
  return context.withTenant(people[who], async (tx) => work(tx, await getDashboardCalendar(tx, now)));
}

async function sumOf(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await db.query<{ total: number }>(query);
  return row!.total;
}

describe("the employee's week", () => {
  it("holds this week's hours against the company's target, the empty working days and the person's own entries", async () => {
    const week = await as("teamEmployee", loadEmployeeDashboard);
    const direct = await sumOf(sql`
      select coalesce(sum(minutes), 0)::int as total from time_entries
       where company_id = ${companyId} and user_id = ${people.teamEmployee.userId} and work_date between ${thisWeek} and '2026-11-22'`);
    expect(week.weekMinutes).toBe(direct);
    expect(week.weekMinutes).toBe(210);
    expect(week.targetMinutes).toBe(2400);
    expect(week.days).toEqual([
      { day: "2026-11-16", minutes: 120 },
      { day: "2026-11-17", minutes: 0 },
      { day: "2026-11-18", minutes: 60 },
    ]);
    expect(week.daysWithoutTime).toEqual(["2026-11-17"]);
    expect(week.recentEntries.map((entry) => [entry.day, entry.minutes])).toEqual([
      ["2026-11-20", 30],
      ["2026-11-18", 60],
      ["2026-11-16", 120],
      ["2026-11-10", 180],
      ["2026-11-09", 240],
    ]);
    expect(week.timesheets.map((sheet) => [sheet.weekStart, sheet.status, sheet.totalMinutes])).toEqual([
      [thisWeek, "draft", 210],
      [lastWeek, "approved", 420],
      ["2026-11-02", "approved", 200],
      ["2026-10-26", "submitted", 30],
    ]);
  });

  it("follows the company's own target", async () => {
    await db.query(sql`update companies set weekly_target_minutes = 1200 where id = ${companyId}`);
    try {
      expect((await as("loneEmployee", loadEmployeeDashboard)).targetMinutes).toBe(1200);
    } finally {
      await db.query(sql`update companies set weekly_target_minutes = 2400 where id = ${companyId}`);
    }
  });

  it("carries only the reader's own time, whatever their role", async () => {
    for (const who of Object.keys(people) as (keyof typeof people)[]) {
      const week = await as(who, loadEmployeeDashboard);
      const own = new Set(entries.filter((entry) => entry.userId === people[who].userId).map((entry) => entry.id));
      expect(week.recentEntries.every((entry) => own.has(entry.id))).toBe(true);
      const direct = await sumOf(sql`
        select coalesce(sum(minutes), 0)::int as total from time_entries
         where company_id = ${companyId} and user_id = ${people[who].userId} and work_date between ${thisWeek} and '2026-11-22'`);
      expect({ who, minutes: week.weekMinutes }).toEqual({ who, minutes: direct });
    }
  });
});

describe("the manager's teams", () => {
  const weekMinutesOf = (userIds: string[]) =>
    db.query<{ userId: string; minutes: number }>(sql`
      select m.user_id as "userId", coalesce(sum(e.minutes), 0)::int as minutes
        from memberships m
        left join time_entries e on e.company_id = m.company_id and e.user_id = m.user_id and e.work_date between ${thisWeek} and '2026-11-22'
       where m.company_id = ${companyId} and m.user_id = any(${userIds}::uuid[])
       group by m.user_id`);

  it("shows a manager only the people of the teams they manage, with what waits for them", async () => {
    const team = await as("manager", loadTeamDashboard);
    const scope = [people.manager.userId, people.teamEmployee.userId];
    expect(team.people.map((person) => person.userId).sort()).toEqual([...scope].sort());
    const direct = new Map((await weekMinutesOf(scope)).map((row) => [row.userId, row.minutes]));
    for (const person of team.people) expect(person.weekMinutes).toBe(direct.get(person.userId));
    expect(team.people.find((person) => person.userId === people.teamEmployee.userId)?.weekMinutes).toBe(210);
    // Their own submitted week isn't theirs to decide; their employee's older one is.
    expect(team.waitingCount).toBe(1);
    // Both in the team submitted last week (one was approved since).
    expect(team.notSubmitted).toEqual([]);
  });

  it("shows owners and admins every active member, and everything waiting", async () => {
    for (const who of ["owner", "admin"] as const) {
      const team = await as(who, loadTeamDashboard);
      expect(team.people).toHaveLength(Object.keys(people).length);
      const direct = new Map((await weekMinutesOf(Object.values(people).map((p) => p.userId))).map((row) => [row.userId, row.minutes]));
      for (const person of team.people) expect(person.weekMinutes).toBe(direct.get(person.userId));
      const waiting = await sumOf(sql`select count(*)::int as total from timesheets where company_id = ${companyId} and status = 'submitted'`);
      expect(team.waitingCount).toBe(waiting);
      expect(team.waitingCount).toBe(2);
      // The lone employee left last week a draft; owner, admin and finance never opened theirs.
      expect(team.notSubmitted.map((person) => [person.name, person.lastWeekStatus])).toEqual([
        ["admin person", null],
        ["finance person", null],
        ["loneEmployee person", "draft"],
        ["owner person", null],
      ]);
    }
  });

  it("leaves a deactivated member out", async () => {
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${people.loneEmployee.userId}`);
    try {
      const team = await as("owner", loadTeamDashboard);
      expect(team.people.map((person) => person.userId)).not.toContain(people.loneEmployee.userId);
    } finally {
      await db.query(sql`update memberships set status = 'active' where company_id = ${companyId} and user_id = ${people.loneEmployee.userId}`);
    }
  });
});

describe("the company's figures", () => {
  it("sum hours by project and week over the last twelve weeks, as SQL does", async () => {
    const figures = await as("finance", loadCompanyDashboard);
    expect(figures.weeks).toHaveLength(12);
    expect(figures.weeks[0]).toBe("2026-08-31");
    expect(figures.weeks[11]).toBe(thisWeek);
    const direct = await db.query<{ weekStart: string; projectId: string; minutes: number }>(sql`
      select week_start_of(work_date, 1::smallint) as "weekStart", project_id as "projectId", sum(minutes)::int as minutes
        from time_entries
       where company_id = ${companyId} and work_date between '2026-08-31' and '2026-11-22'
       group by 1, 2`);
    const key = (row: { weekStart: string; projectId: string }) => `${row.weekStart} ${row.projectId}`;
    expect(new Map(figures.weeklyProjectHours.map((row) => [key(row), row.minutes]))).toEqual(new Map(direct.map((row) => [key(row), row.minutes])));
    // August's entry is outside the window; this week's Friday entry is inside.
    expect(figures.weeklyProjectHours.find((row) => row.weekStart === thisWeek && row.projectId === projects.northwind)?.minutes).toBe(210);
    expect(figures.weeklyProjectHours.some((row) => row.weekStart < "2026-08-31")).toBe(false);
    expect(figures.weeklyProjectHours.find((row) => row.projectId === projects.initech)?.clientName).toBe("Initech");
  });

  it("gives the billable ratio of this month up to today and of last month", async () => {
    const figures = await as("owner", loadCompanyDashboard);
    const month = async (from: string, to: string) => {
      const [row] = await db.query<{ minutes: number; billableMinutes: number }>(sql`
        select coalesce(sum(minutes), 0)::int as minutes, coalesce(sum(minutes) filter (where billable), 0)::int as "billableMinutes"
          from time_entries where company_id = ${companyId} and work_date between ${from} and ${to}`);
      return row!;
    };
    expect(figures.billable.thisMonth).toEqual({ month: "2026-11-01", ...(await month("2026-11-01", "2026-11-18")) });
    expect(figures.billable.lastMonth).toEqual({ month: "2026-10-01", ...(await month("2026-10-01", "2026-10-31")) });
    // November up to today: 120 + 60 (not billable) + 90 + 60 + 240 + 180 + 45 + 100 + 200; Friday's 30 hasn't happened.
    expect(figures.billable.thisMonth).toMatchObject({ minutes: 1095, billableMinutes: 1035 });
    expect(figures.billable.lastMonth).toMatchObject({ minutes: 130, billableMinutes: 0 });
  });

  it("prices approved billable time at its frozen rate, by currency, leaving out time on issued invoices", async () => {
    const figures = await as("owner", loadCompanyDashboard);
    // Independently of frozen_at: approved weeks, billable entries, not billed.
    const direct = await db.query<{ currency: string; minutes: number; amountMinor: number }>(sql`
      select e.currency, sum(e.minutes)::int as minutes, round(sum(e.rate_minor * e.minutes) / 60.0)::bigint as "amountMinor"
        from time_entries e join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id
       where e.company_id = ${companyId} and ts.status = 'approved' and e.billable
         and e.id not in (select entry_id from invoice_entries where company_id = ${companyId} and billed)
       group by e.currency order by e.currency`);
    expect(figures.uninvoiced).toEqual(direct);
    // 240 min at €100/h (on a draft invoice only, so still waiting) and 180 min at $80/h.
    expect(figures.uninvoiced).toEqual([
      { currency: "EUR", minutes: 240, amountMinor: 40_000 },
      { currency: "USD", minutes: 180, amountMinor: 24_000 },
    ]);
    expect(figures.unpricedMinutes).toBe(0);
  });

  it("counts approved billable time without any rate apart, unpriced", async () => {
    const bare = await createProject(db, companyId, { name: "No rate" });
    const entry = await createEntry(db, { companyId, userId: people.admin.userId, projectId: bare, day: "2026-09-07", minutes: 75 });
    await setTimesheetStatus(db, entry.timesheetId, "approved");
    try {
      const figures = await as("owner", loadCompanyDashboard);
      expect(figures.unpricedMinutes).toBe(75);
      expect(figures.uninvoiced.map((amount) => amount.minutes)).toEqual([240, 180]);
    } finally {
      await db.transaction(async (tx) => {
        await tx.query(sql`select set_config('app.role', 'owner', true)`);
        await tx.query(sql`update timesheets set status = 'draft' where id = ${entry.timesheetId}`);
      });
      await db.query(sql`delete from time_entries where company_id = ${companyId} and id = ${entry.id}`);
      await db.query(sql`delete from projects where company_id = ${companyId} and id = ${bare}`);
    }
  });

  it("burns live projects' budgets with all their time, warning at 80 % and 100 %", async () => {
    const figures = await as("admin", loadCompanyDashboard);
    const logged = async (projectId: string) =>
      sumOf(sql`select coalesce(sum(minutes), 0)::int as total from time_entries where company_id = ${companyId} and project_id = ${projectId}`);
    expect(figures.budgets.map((budget) => [budget.projectName, budget.loggedMinutes, budget.budgetMinutes, budget.level])).toEqual([
      ["Website", await logged(projects.northwind), 845, "over"],
      ["Migration", await logged(projects.initech), 300, "warning"],
      ["Untouched", 0, 1000, "ok"],
    ]);
    expect(figures.budgets[0]!.loggedMinutes).toBe(845);
    expect(figures.budgets[1]!.loggedMinutes).toBe(270);
  });
});

describe("budget levels and months", () => {
  it.each([
    [0, 100, "ok"],
    [79, 100, "ok"],
    [80, 100, "warning"],
    [99, 100, "warning"],
    [100, 100, "over"],
    [250, 100, "over"],
    [319, 400, "ok"],
    [320, 400, "warning"],
  ] as const)("%i of %i minutes is %s", (logged, budget, level) => {
    expect(budgetLevel(logged, budget)).toBe(level);
  });

  it("finds last month across a year's turn", () => {
    expect(previousMonthStart("2027-01-15")).toBe("2026-12-01");
    expect(previousMonthStart("2026-03-31")).toBe("2026-02-01");
  });
});

// ------------------------------------------------------------------ the page

async function page(who: keyof typeof people, headers: Record<string, string> = {}) {
  const request = await requestAs(context, tokens[who], `/c/${slug}`, { headers });
  return loader({ request, params: { company: slug }, context });
}

describe("the overview page", () => {
  it("shows each role its own sections: employees their week only, managers their teams, finance the company", async () => {
    const employee = await page("teamEmployee");
    expect(employee.team).toBeNull();
    expect(employee.figures).toBeNull();
    const manager = await page("manager");
    expect(manager.team?.people.map((person) => person.name).sort()).toEqual(["manager person", "teamEmployee person"]);
    expect(manager.figures).toBeNull();
    const finance = await page("finance");
    expect(finance.team).toBeNull();
    expect(finance.figures?.budgets.map((budget) => budget.project)).toEqual(["Website", "Migration", "Untouched"]);
    const owner = await page("owner");
    expect(owner.team?.people).toHaveLength(6);
    expect(owner.figures).not.toBeNull();
  });

  // German separates the unit with a no-break space, so it never wraps onto a line alone.
  it("formats numbers in the reader's language", async () => {
    const english = await page("finance", { "Accept-Language": "en-US,en;q=0.8" });
    const german = await page("finance", { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" });
    expect(english.figures?.budgets[1]).toMatchObject({ logged: "4.5 hr", used: "90%" });
    expect(german.figures?.budgets[1]).toMatchObject({ logged: "4,5 Std.", used: "90\u00a0%" });
    expect(english.figures?.uninvoiced.map((amount) => amount.amount)).toEqual(["€400.00", "$240.00"]);
    expect(german.figures?.uninvoiced.map((amount) => amount.amount)).toEqual(["400,00\u00a0€", "240,00\u00a0$"]);
  });

  it("takes the weekly target from the company settings, in hours, and refuses a week longer than a week", async () => {
    const target = async () =>
      sumOf(sql`select weekly_target_minutes as total from companies where id = ${companyId}`);
    const save = async (extra: Record<string, string>) => {
      const body = new URLSearchParams({ name: "Dashboard Co", slug, timezone: "UTC", weekStart: "1", ...extra });
      const request = await requestAs(context, tokens.owner, `/c/${slug}/settings`, { method: "POST", body });
      return statusOf(await settingsAction({ request, params: { company: slug }, context }).catch((thrown: unknown) => thrown));
    };
    try {
      expect(await save({ weeklyTargetHours: "37,5" })).toBe(302);
      expect(await target()).toBe(2250);
      expect((await page("teamEmployee")).employee.target).toBe("37.5 hr");
      expect(await save({ weeklyTargetHours: "169" })).toBe(400);
      expect(await save({ weeklyTargetHours: "lots" })).toBe(400);
      // A form without the field (an old tab) leaves the target alone.
      expect(await save({})).toBe(302);
      expect(await target()).toBe(2250);
    } finally {
      await db.query(sql`update companies set weekly_target_minutes = 2400 where id = ${companyId}`);
    }
  });

  it("runs the same number of queries however many people, projects and entries the company has", async () => {
    const before = countingQueries();
    await before.during(() => page("owner"));
    for (let index = 0; index < 4; index++) {
      const member = await createMember(db, companyId, "employee");
      const project = await createProject(db, companyId, { name: `Extra ${index}` });
      await db.query(sql`update projects set budget_minutes = 600 where company_id = ${companyId} and id = ${project}`);
      for (const day of ["2026-11-16", "2026-11-03", "2026-10-14"]) {
        await createEntry(db, { companyId, userId: member.userId, projectId: project, day, minutes: 45 });
      }
    }
    const after = countingQueries();
    const view = await after.during(() => page("owner"));
    expect(view.team?.people).toHaveLength(10);
    expect(after.count()).toBe(before.count());
    // The overview may read from a replica, so its member is found on the primary apart
    // from the read (withCompanyReading), not in the read's first statement.
    expect(after.count()).toBeLessThanOrEqual(17);
  });
});
