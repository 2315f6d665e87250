/**
 * npm run bench:time: the week page's and the approvals page's server time on a
 * large data set, next to the same SQL run directly, as a ratio.
 *
 * On a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped. Seeds three
 * companies (one of 250 people in 25 teams, two of 120) with two years of weekday
 * entries, about 1 M in all, then sends each page's loader requests at a fixed
 * concurrency. BENCH_TIME_SCALE (default 1) shrinks the weeks and the request
 * count for a quick run; BENCH_TIME_CONCURRENCY (default 8) sets the requests in flight,
 * 1 showing each request's own cost without queueing; BENCH_TIME_KEEP=1 keeps the
 * database to EXPLAIN afterwards.
 */
import { availableParallelism } from "node:os";
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "../db/sql";
import type { Database } from "../db/types";
import { approvalsPageSize } from "../app/time/timesheets.server";
import { requestAs, statusOf } from "../app/testing/context";
import { shiftDay, type Day } from "../app/kernel/clock/weeks";
import {
  benchWeeks, count, loadAverage, loadStylesheetsAsUrls, managerOf, percentile, seconds, seedCompany, timed, withBenchApp, runBench,
  type CompanyPlan, type Job,
} from "./bench-support";

const scale = Number(process.env.BENCH_TIME_SCALE ?? 1);
const keepDatabase = process.env.BENCH_TIME_KEEP === "1";
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const timeLimitMs = 8 * 60_000;
const concurrency = Number(process.env.BENCH_TIME_CONCURRENCY ?? 8);
const requestCount = Math.max(40, Math.round(400 * scale));
const weekCount = Math.max(4, Math.round(104 * scale));
const warmUpCount = 16;
const timezone = "Europe/Berlin";

// Sized so the three together hold about 1 M entries over two years of weekdays.
const plans: CompanyPlan[] = [
  { name: "Bench Big", slug: "bench-big", people: 250, teams: 25, clients: 20, projects: 60, entriesPerDay: 4 },
  { name: "Bench Mid A", slug: "bench-mid-a", people: 120, teams: 12, clients: 10, projects: 30, entriesPerDay: 4 },
  { name: "Bench Mid B", slug: "bench-mid-b", people: 120, teams: 12, clients: 10, projects: 30, entriesPerDay: 4 },
];

/** Two years of weeks ending with the current one. */
const benchPeriod = () => benchWeeks(timezone, weekCount);

interface Persona {
  label: string;
  userId: string;
  token: string;
}

/** A small seeded generator, so the page and the direct SQL get the same weeks. */
function randomWeeks(seed: number, first: Day, n: number): Day[] {
  let state = seed;
  return Array.from({ length: n }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return shiftDay(first, 7 * Math.floor((state / 2_147_483_648) * weekCount));
  });
}

async function main(): Promise<void> {
  loadStylesheetsAsUrls();
  // Imported after the hook above, which static imports would run ahead of.
  const { loader: weekLoader } = await import("../app/routes/c.$company.time._index");
  const { loader: approvalsLoader } = await import("../app/routes/c.$company.approvals");
  const loadAtStart = loadAverage();
  await withBenchApp({ name: "bench:time", serverUrl, poolMax: concurrency, timeLimitMs, keepDatabase }, async (db, app) => {
    console.log(`Scale:    ${scale} (${weekCount} weeks, ${requestCount} requests per case, concurrency ${concurrency}, pool of ${concurrency})\n`);

    const weeks = benchPeriod();
    const seedStart = performance.now();
    const companyIds: string[] = [];
    for (const plan of plans) companyIds.push(await seedCompany(db, plan, weeks, timezone));
    await db.query(sql`analyze`);
    const seedMs = performance.now() - seedStart;
    const perCompany = await db.query<{ slug: string; people: number; entries: number; timesheets: number; waiting: number }>(sql`
      select c.slug,
             (select count(*) from memberships m where m.company_id = c.id)::int as people,
             (select count(*) from time_entries e where e.company_id = c.id)::int as entries,
             (select count(*) from timesheets s where s.company_id = c.id)::int as timesheets,
             (select count(*) from timesheets s where s.company_id = c.id and s.status = 'submitted')::int as waiting
        from companies c order by c.slug`);
    const total = perCompany.reduce((sum, row) => sum + row.entries, 0);
    console.log(`Seeded ${count(total)} time entries in ${seconds(seedMs)} (bulk insert, triggers off, then analyze), ${weekCount} weeks from ${weeks.first} to ${weeks.today}:`);
    for (const row of perCompany) {
      console.log(`  ${row.slug.padEnd(12)} ${String(row.people).padStart(4)} people  ${count(row.entries).padStart(9)} entries  ${count(row.timesheets).padStart(7)} timesheets  ${String(row.waiting).padStart(4)} waiting for approval`);
    }

    const companyId = companyIds[0]!;
    const big = plans[0]!;
    const context: AppLoadContext = app.context();
    const persona = async (label: string, person: number): Promise<Persona> => {
      const [row] = await db.query<{ id: string }>(sql`select id from users where email = ${`${big.slug}-${person}@bench.example`}`);
      const token = await context.auth.accounts.createSession(row!.id, { ip: null, userAgent: null });
      return { label, userId: row!.id, token };
    };
    const employeeNumber = 100;
    const employee = await persona("employee", employeeNumber);
    const manager = await persona("manager", managerOf(employeeNumber, big.teams));
    const admin = await persona("admin", 1);

    const load = async <T>(loader: (args: LoaderFunctionArgs) => Promise<T>, who: Persona, path: string): Promise<T> => {
      const request = await requestAs(context, who.token, path);
      try {
        return await loader({ request, params: { company: big.slug }, context });
      } catch (thrown) {
        throw new Error(`${path} as the ${who.label}: status ${statusOf(thrown) ?? String(thrown)}`);
      }
    };

    const rows: string[] = [];
    const compare = async (label: string, page: Job[], direct: Job[]) => {
      const [shown, read] = [await page[0]!(), await direct[0]!()];
      if (shown !== read) throw new Error(`${label}: the page shows ${shown} rows, the direct SQL reads ${read}`);
      await timed(page.slice(0, warmUpCount), concurrency);
      await timed(direct.slice(0, warmUpCount), concurrency);
      const pageTimes = await timed(page, concurrency);
      const directTimes = await timed(direct, concurrency);
      const [p50, p99, d50, d99] = [percentile(pageTimes, 50), percentile(pageTimes, 99), percentile(directTimes, 50), percentile(directTimes, 99)];
      const ms = (value: number) => value.toFixed(1).padStart(8);
      rows.push(`${label.padEnd(40)} ${ms(p50)} ${ms(p99)}   ${ms(d50)} ${ms(d99)}   ${(p50 / d50).toFixed(1).padStart(5)} ${(p99 / d99).toFixed(1).padStart(5)}   ${String(shown).padStart(4)}`);
    };

    const weekCase = async (label: string, who: Persona, seed: number, other?: Persona) => {
      const subject = other ?? who;
      const dates = randomWeeks(seed, weeks.first, requestCount);
      const path = (week: Day) => `/c/${big.slug}/time?week=${week}${other ? `&person=${other.userId}` : ""}`;
      await compare(
        label,
        dates.map((week) => async () => (await load(weekLoader, who, path(week))).view.entries.length),
        dates.map((week) => () => directWeek(db, companyId, subject.userId, week, other !== undefined)),
      );
    };
    const approvalsCase = async (label: string, who: Persona, asAdmin: boolean) => {
      const path = `/c/${big.slug}/approvals`;
      await compare(
        label,
        Array.from({ length: requestCount }, () => async () => (await load(approvalsLoader, who, path)).sheets.length),
        Array.from({ length: requestCount }, () => () => directApprovals(db, companyId, who.userId, asAdmin)),
      );
    };

    const measureStart = performance.now();
    await weekCase("week page, employee", employee, 1);
    await weekCase("week page, manager", manager, 2);
    await weekCase("week page, admin opening the employee's", admin, 3, employee);
    await approvalsCase("approvals, manager (their team)", manager, false);
    await approvalsCase(`approvals, admin (first ${approvalsPageSize})`, admin, true);
    const measureMs = performance.now() - measureStart;

    console.log(`\nCompany ${big.slug}, the routes' loaders called as requests with a session cookie; ${requestCount} requests per case over random weeks,`);
    console.log(`at concurrency ${concurrency}, after ${warmUpCount} to warm up. Direct SQL: the queries the loader's models run, with RLS's`);
    console.log(`helper functions spelled out, on the owner connection (no session, no RLS, no transaction, no Remix). Times in ms.\n`);
    console.log(`${"".padEnd(40)} ${"page p50".padStart(8)} ${"p99".padStart(8)}   ${"SQL p50".padStart(8)} ${"p99".padStart(8)}   ${"ratio".padStart(5)} ${"p99".padStart(5)}   rows`);
    for (const row of rows) console.log(row);
    console.log(`\n(measuring took ${seconds(measureMs)}; rows: entries of the week, or timesheets on the approvals page)`);
    // Benches share the machine with whatever else runs; the load says how far to trust the p99s.
    console.log(`(${availableParallelism()} CPUs; load average ${loadAverage()} at the end, ${loadAtStart} at the start)`);
  });
}

/**
 * The week page's reads, written by hand for one known person (see loadWeek):
 * the company's calendar, the projects open to the person (app_may_log_on spelled
 * out), the week's timesheet, its entries and the recent weeks; when an admin
 * opens someone else's week, that person's name and the list of people. Every
 * seeded week has entries, so the page never looks back for an earlier week's rows.
 */
async function directWeek(db: Database, companyId: string, userId: string, week: Day, openedByAdmin: boolean): Promise<number> {
  if (openedByAdmin) {
    await db.query(sql`
      select u.name from memberships m join users u on u.id = m.user_id
       where m.company_id = ${companyId} and m.user_id = ${userId} and m.status = 'active'`);
  }
  await db.query(sql`select timezone, week_start, locked_until, currency from companies where id = ${companyId}`);
  await db.query(sql`
    select p.id, p.name, p.code, p.color, p.billable, cl.name as "clientName",
           coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'billable', t.billable) order by lower(t.name))
                       from tasks t
                      where t.company_id = p.company_id and t.project_id = p.id and t.archived_at is null), '[]') as tasks
      from projects p
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
     where p.company_id = ${companyId} and p.archived_at is null
       and (p.access = 'everyone'
            or exists (select 1 from project_members pm
                        where pm.company_id = p.company_id and pm.project_id = p.id and pm.user_id = ${userId})
            or exists (select 1 from project_teams pt
                         join teams t on t.company_id = pt.company_id and t.id = pt.team_id and t.archived_at is null
                         join team_members tm on tm.company_id = pt.company_id and tm.team_id = pt.team_id
                        where pt.company_id = p.company_id and pt.project_id = p.id and tm.user_id = ${userId}))
     order by lower(coalesce(cl.name, '')), lower(p.name)`);
  await db.query(sql`
    select s.id, s.status, s.comment, s.submitted_at, s.decided_at, u.name
      from timesheets s left join users u on u.id = s.decided_by
     where s.company_id = ${companyId} and s.user_id = ${userId} and s.week_start = ${week}`);
  const entries = await db.query(sql`
    select e.id, e.project_id, e.task_id, p.name, p.color, cl.name, t.name, e.work_date, e.minutes, e.notes, e.billable,
           e.started_at, e.ended_at
      from time_entries e
      join projects p on p.company_id = e.company_id and p.id = e.project_id
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
      left join tasks t on t.company_id = e.company_id and t.id = e.task_id
     where e.company_id = ${companyId} and e.user_id = ${userId} and e.work_date between ${week} and ${shiftDay(week, 6)}
     order by e.work_date, e.started_at nulls last, e.created_at`);
  await db.query(sql`
    select s.id, s.week_start, s.status,
           (select coalesce(sum(e.minutes), 0)::int from time_entries e where e.company_id = s.company_id and e.timesheet_id = s.id)
      from timesheets s
     where s.company_id = ${companyId} and s.user_id = ${userId}
     order by s.week_start desc limit 6`);
  if (openedByAdmin) {
    await db.query(sql`
      select u.id, u.name from memberships m join users u on u.id = m.user_id
       where m.company_id = ${companyId} and m.status = 'active' order by lower(u.name)`);
  }
  return entries.length;
}

/**
 * The approvals page's first page, written by hand: the waiting sheets the person
 * may decide (app_approves_everyone and app_manages_user spelled out), their
 * entries, the company's calendar and the teams for the filter.
 */
async function directApprovals(db: Database, companyId: string, userId: string, asAdmin: boolean): Promise<number> {
  const decides = asAdmin
    ? sql`true`
    : sql`s.user_id <> ${userId} and exists (
        select 1 from team_members mine
          join team_members theirs on theirs.company_id = mine.company_id and theirs.team_id = mine.team_id
          join teams t on t.company_id = mine.company_id and t.id = mine.team_id
         where mine.company_id = s.company_id and mine.user_id = ${userId} and mine.is_manager
           and t.archived_at is null and theirs.user_id = s.user_id)`;
  const sheets = await db.query<{ id: string }>(sql`
    select s.id, s.user_id, u.name, s.week_start, s.submitted_at,
           coalesce(totals.minutes, 0)::int, coalesce(totals.billable, 0)::int,
           coalesce(array(
             select t.name from team_members tm
               join teams t on t.company_id = tm.company_id and t.id = tm.team_id and t.archived_at is null
              where tm.company_id = s.company_id and tm.user_id = s.user_id order by lower(t.name)
           ), '{}')
      from timesheets s
      join users u on u.id = s.user_id
      left join lateral (
        select sum(e.minutes) as minutes, sum(e.minutes) filter (where e.billable) as billable
          from time_entries e where e.company_id = s.company_id and e.timesheet_id = s.id
      ) totals on true
     where s.company_id = ${companyId} and s.status = 'submitted' and ${decides}
     order by s.week_start, lower(u.name), s.id
     limit ${approvalsPageSize + 1}`);
  const ids = sheets.slice(0, approvalsPageSize).map((sheet) => sheet.id);
  if (ids.length > 0) {
    await db.query(sql`
      select e.timesheet_id, e.id, e.project_id, e.task_id, p.name, p.color, cl.name, t.name,
             e.work_date, e.minutes, e.notes, e.billable, e.started_at, e.ended_at
        from time_entries e
        join projects p on p.company_id = e.company_id and p.id = e.project_id
        left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
        left join tasks t on t.company_id = e.company_id and t.id = e.task_id
       where e.company_id = ${companyId} and e.timesheet_id = any(${ids}::uuid[])
       order by e.work_date, lower(p.name), e.created_at`);
  }
  await db.query(sql`select timezone, week_start, locked_until, currency from companies where id = ${companyId}`);
  await db.query(sql`
    select t.id, t.name,
           (select count(*)::int from team_members tm where tm.company_id = t.company_id and tm.team_id = t.id),
           coalesce(array(
             select u.name from team_members tm join users u on u.id = tm.user_id
              where tm.company_id = t.company_id and tm.team_id = t.id and tm.is_manager order by lower(u.name)
           ), '{}')
      from teams t
     where t.company_id = ${companyId} and t.archived_at is null
     order by lower(t.name)`);
  return ids.length;
}

runBench(main);
