import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SqlFragment } from "../../db/sql";
import { withTenant, type MemberRole, type TenantContext } from "../../db/tenant";
import { createCompany } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { reportFilterSchema, reportGroupings, type ReportFilter } from "./filter";
import { shiftDay } from "~/kernel/clock/weeks";
import { listReportEntries, summarizeTime } from "./time-report.server";

/**
 * The report's figures against sums written straight from the tables, for many
 * random filters: a seeded generator draws people, teams, projects, clients,
 * billable, approved weeks, date ranges, groupings and who is asking (whose RLS
 * narrows the rows), and every group's and the total's minutes, billable minutes
 * and entry counts must equal what a plain GROUP BY over the same rows gives. The
 * seed is fixed so a failure reproduces; the case that failed is named.
 */

let db: TestDatabase;
let companyId: string;
const people: { ctx: TenantContext; role: MemberRole }[] = [];
const teamIds: string[] = [];
const projectIds: string[] = [];
const clientIds: string[] = [];
const firstDay = "2026-01-05"; // a Monday; the company's weeks start on Wednesday, to catch a Monday assumption
const dayCount = 120;

/** mulberry32: small, seedable, good enough to draw test cases. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  // Usually nothing chosen (the common case), else one to three of them.
  const some = <T>(items: readonly T[]) => (next() < 0.55 ? [] : [...new Set(Array.from({ length: 1 + int(3) }, () => pick(items)))]);
  return { next, int, pick, some };
}

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Property Co");
  await db.query(sql`update companies set week_start = 3 where id = ${companyId}`);
  const roles: MemberRole[] = ["owner", "admin", "finance", "manager", "manager", "employee", "employee", "employee", "employee", "employee"];
  for (const [index, role] of roles.entries()) {
    const [user] = await db.query<{ id: string }>(sql`
      insert into users (email, name) values (${`p${index}-${companyId}@example.test`}, ${`Person ${index}`}) returning id`);
    await db.query(sql`insert into memberships (company_id, user_id, role) values (${companyId}, ${user!.id}, ${role})`);
    people.push({ ctx: { companyId, userId: user!.id, role }, role });
  }
  const random = generator(7);
  for (const name of ["North", "South", "Old"]) {
    const [team] = await db.query<{ id: string }>(sql`
      insert into teams (company_id, name, archived_at) values (${companyId}, ${name}, ${name === "Old" ? new Date().toISOString() : null}) returning id`);
    teamIds.push(team!.id);
  }
  // Managers 3 and 4 manage North and South; 4 also manages the archived team, which grants nothing.
  const membership: [number, number, boolean][] = [
    [0, 3, true], [0, 5, false], [0, 6, false], [1, 4, true], [1, 6, false], [1, 7, false], [2, 4, true], [2, 8, false], [1, 2, false],
  ];
  for (const [team, person, manager] of membership) {
    await db.query(sql`
      insert into team_members (company_id, team_id, user_id, is_manager) values (${companyId}, ${teamIds[team]!}, ${people[person]!.ctx.userId}, ${manager})`);
  }
  for (let c = 0; c < 3; c++) {
    const [client] = await db.query<{ id: string }>(sql`
      insert into clients (company_id, name, currency) values (${companyId}, ${`Client ${c}`}, 'EUR') returning id`);
    clientIds.push(client!.id);
  }
  for (let p = 0; p < 7; p++) {
    const [project] = await db.query<{ id: string }>(sql`
      insert into projects (company_id, name, code, client_id)
      values (${companyId}, ${`Project ${p}`}, ${p % 2 ? `P${p}` : null}, ${p < 5 ? clientIds[p % 3]! : null}) returning id`);
    projectIds.push(project!.id);
    for (let t = 0; t < p % 3; t++) {
      await db.query(sql`insert into tasks (company_id, project_id, name) values (${companyId}, ${project!.id}, ${`Task ${t}`})`);
    }
  }
  const tasks = await db.query<{ id: string; projectId: string }>(sql`
    select id, project_id as "projectId" from tasks where company_id = ${companyId}`);

  // Entries and their weeks in bulk, behind the triggers (24-hour rule, status machine): only the sums matter here.
  await db.transaction(async (tx) => {
    await tx.exec("set local session_replication_role = replica");
    for (const { ctx } of people) {
      await tx.query(sql`
        insert into timesheets (company_id, user_id, week_start, status)
        select distinct ${companyId}::uuid, ${ctx.userId}::uuid, week_start_of(${firstDay}::date + g, 3::smallint),
               (array['draft', 'submitted', 'approved', 'approved'])[1 + (abs(hashtext(${ctx.userId} || g::text)) % 4)]
          from generate_series(0, ${dayCount - 1}) g
        on conflict do nothing`);
    }
    const rows: SqlFragment[] = [];
    for (let i = 0; i < 900; i++) {
      const person = random.pick(people).ctx.userId;
      const projectId = random.pick(projectIds);
      const projectTasks = tasks.filter((t) => t.projectId === projectId);
      const taskId = projectTasks.length > 0 && random.next() < 0.7 ? random.pick(projectTasks).id : null;
      const day = shiftDay(firstDay, random.int(dayCount));
      rows.push(sql`(${person}::uuid, ${projectId}::uuid, ${taskId}::uuid, ${day}::date, ${1 + random.int(480)}::int, ${random.next() < 0.6}::boolean)`);
    }
    await tx.query(sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, billable)
      select ${companyId}, v.user_id, ts.id, v.project_id, v.task_id, v.day, v.minutes, v.billable
        from (values ${joinRows(rows)}) v(user_id, project_id, task_id, day, minutes, billable)
        join timesheets ts on ts.company_id = ${companyId} and ts.user_id = v.user_id and ts.week_start = week_start_of(v.day, 3::smallint)`);
  });
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>(sql`select count(*)::int as n from time_entries where company_id = ${companyId}`);
  expect(n).toBe(900);
});

afterAll(() => db.close());

function joinRows(rows: SqlFragment[]): SqlFragment {
  return rows.slice(1).reduce((all, row) => sql`${all}, ${row}`, rows[0]!);
}

/** Whose time each role sees, written from the tables rather than through the policies. */
function visibleTo({ ctx, role }: { ctx: TenantContext; role: MemberRole }): SqlFragment {
  if (role === "owner" || role === "admin" || role === "finance") return sql`true`;
  if (role === "employee") return sql`e.user_id = ${ctx.userId}`;
  return sql`(e.user_id = ${ctx.userId} or e.user_id in (
    select theirs.user_id from team_members mine
      join team_members theirs on theirs.team_id = mine.team_id
      join teams t on t.id = mine.team_id
     where mine.user_id = ${ctx.userId} and mine.is_manager and t.archived_at is null))`;
}

const groupKeys: Record<ReportFilter["groupBy"], SqlFragment> = {
  person: sql`e.user_id::text`,
  project: sql`e.project_id::text`,
  client: sql`p.client_id::text`,
  task: sql`e.task_id::text`,
  week: sql`to_char(week_start_of(e.work_date, 3::smallint), 'YYYY-MM-DD')`,
};

/** The same filter's groups, summed directly as the database owner (no RLS), keyed as the report keys them. */
async function directGroups(filter: ReportFilter, asker: (typeof people)[number]) {
  const where: SqlFragment[] = [sql`e.company_id = ${companyId}`, sql`e.work_date >= ${filter.from}::date`, sql`e.work_date <= ${filter.to}::date`, visibleTo(asker)];
  if (filter.userIds.length) where.push(sql`e.user_id = any(${filter.userIds}::uuid[])`);
  if (filter.teamIds.length) where.push(sql`exists (select 1 from team_members tm where tm.user_id = e.user_id and tm.team_id = any(${filter.teamIds}::uuid[]))`);
  if (filter.projectIds.length) where.push(sql`e.project_id = any(${filter.projectIds}::uuid[])`);
  if (filter.clientIds.length) where.push(sql`p.client_id = any(${filter.clientIds}::uuid[])`);
  if (filter.billable === "billable") where.push(sql`e.billable`);
  if (filter.billable === "non-billable") where.push(sql`not e.billable`);
  if (filter.status === "approved") where.push(sql`ts.status = 'approved'`);
  const conditions = where.slice(1).reduce((all, next) => sql`${all} and ${next}`, where[0]!);
  return db.query<{ key: string | null; minutes: number; billableMinutes: number; entries: number }>(sql`
    select ${groupKeys[filter.groupBy]} as key, sum(e.minutes)::int as minutes,
           coalesce(sum(e.minutes) filter (where e.billable), 0)::int as "billableMinutes", count(*)::int as entries
      from time_entries e join projects p on p.id = e.project_id join timesheets ts on ts.id = e.timesheet_id
     where ${conditions}
     group by 1`);
}

function randomFilter(random: ReturnType<typeof generator>): ReportFilter {
  // Ranges start a little before the data and may end after it; a few are a single day.
  const from = shiftDay(firstDay, random.int(dayCount + 10) - 5);
  const to = random.next() < 0.1 ? from : shiftDay(from, random.int(dayCount));
  return reportFilterSchema.parse({
    from,
    to,
    groupBy: random.pick(reportGroupings),
    person: random.some(people.map((p) => p.ctx.userId)),
    team: random.some(teamIds),
    project: random.some(projectIds),
    client: random.some(clientIds),
    billable: random.pick(["all", "all", "billable", "non-billable"] as const),
    status: random.pick(["all", "all", "approved"] as const),
  });
}

const byKey = <T extends { key: string | null }>(rows: T[]) => [...rows].sort((a, b) => String(a.key).localeCompare(String(b.key)));

describe("report totals equal direct SQL sums", () => {
  const random = generator(20261121);
  const cases = Array.from({ length: 150 }, (_, index) => index);
  let matchedSomething = 0;

  it.each(cases)("random filter %i", async () => {
    const filter = randomFilter(random);
    const asker = random.pick(people);
    const report = await withTenant(db, asker.ctx, (tx) => summarizeTime(tx, filter));
    const expected = byKey(await directGroups(filter, asker));
    const context = JSON.stringify({ role: asker.role, filter });
    expect(byKey(report.rows).map(({ label: _label, ...figures }) => figures), context).toEqual(expected);
    const sum = (field: "minutes" | "billableMinutes" | "entries") => expected.reduce((total, row) => total + row[field], 0);
    expect(report.totals, context).toEqual({ minutes: sum("minutes"), billableMinutes: sum("billableMinutes"), entries: sum("entries") });
    if (report.totals.entries > 0) matchedSomething++;
  });

  it("drew cases that matched rows, not only empty ones", () => {
    expect(matchedSomething).toBeGreaterThan(60);
  });
});

describe("the detailed report", () => {
  it("pages through exactly the rows the summary counts, in its groups' order", async () => {
    const finance = people.find((p) => p.role === "finance")!;
    for (const groupBy of reportGroupings) {
      const filter = reportFilterSchema.parse({ from: firstDay, to: shiftDay(firstDay, dayCount - 1), groupBy, person: [], project: [], client: [], billable: "all", status: "all" });
      const { summary, pages } = await withTenant(db, finance.ctx, async (tx) => {
        const summary = await summarizeTime(tx, filter);
        const pages = [];
        for (let page = 1; page <= Math.ceil(summary.totals.entries / 250); page++) pages.push(...(await listReportEntries(tx, filter, page, 250)));
        return { summary, pages };
      });
      expect(pages).toHaveLength(900);
      expect(new Set(pages.map((entry) => entry.id)).size).toBe(900);
      expect(pages.reduce((total, entry) => total + entry.minutes, 0)).toBe(summary.totals.minutes);
      // Entries come group by group, in the summary's order of groups.
      const order = [...new Set(pages.map((entry) => entry.group))];
      expect(order, groupBy).toEqual(summary.rows.map((row) => row.label));
    }
  });
});
