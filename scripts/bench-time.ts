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
import { register } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql } from "../db/sql";
import { createScratchDatabase } from "../db/testing/postgres-admin";
import type { Database } from "../db/types";
import { approvalsPageSize } from "../app/models/timesheets.server";
import { createTestApp, requestAs, statusOf, type TestApp } from "../app/testing/context";
import { shiftDay, todayIn, weekStartOf, type Day } from "../app/time/weeks";

const scale = Number(process.env.BENCH_TIME_SCALE ?? 1);
const keepDatabase = process.env.BENCH_TIME_KEEP === "1";
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const timeLimitMs = 8 * 60_000;
const concurrency = Number(process.env.BENCH_TIME_CONCURRENCY ?? 8);
const requestCount = Math.max(40, Math.round(400 * scale));
const weekCount = Math.max(4, Math.round(104 * scale));
const warmUpCount = 16;
const timezone = "Europe/Berlin";

interface CompanyPlan {
  name: string;
  slug: string;
  people: number;
  teams: number;
  clients: number;
  projects: number;
  entriesPerDay: number;
}

// Sized so the three together hold about 1 M entries over two years of weekdays.
const plans: CompanyPlan[] = [
  { name: "Bench Big", slug: "bench-big", people: 250, teams: 25, clients: 20, projects: 60, entriesPerDay: 4 },
  { name: "Bench Mid A", slug: "bench-mid-a", people: 120, teams: 12, clients: 10, projects: 30, entriesPerDay: 4 },
  { name: "Bench Mid B", slug: "bench-mid-b", people: 120, teams: 12, clients: 10, projects: 30, entriesPerDay: 4 },
];

// People 0 (owner) and 1–2 (admins) come first, then one manager per team.
const firstManager = 3;
const managerOf = (person: number, teams: number) => firstManager + ((((person % teams) - firstManager) % teams) + teams) % teams;

const count = (value: number) => value.toLocaleString("en-US");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Two years of weeks ending with the current one, in the company's zone. */
function benchWeeks(): { first: Day; current: Day; today: Day } {
  const today = todayIn(timezone);
  const current = weekStartOf(today, 1);
  return { first: shiftDay(current, -7 * (weekCount - 1)), current, today };
}

async function seedCompany(db: Database, plan: CompanyPlan, weeks: { first: Day; current: Day; today: Day }): Promise<string> {
  const { people, teams, clients, projects, entriesPerDay } = plan;
  return db.transaction(async (tx) => {
    // Behind the triggers: they check one write at a time (24-hour rule, status
    // machine, audit chain); a bulk load of consistent rows needs none of that.
    await tx.exec("set local session_replication_role = replica");
    const [company] = await tx.query<{ id: string }>(sql`
      insert into companies (name, slug, timezone, week_start) values (${plan.name}, ${plan.slug}, ${timezone}, 1) returning id`);
    const companyId = company!.id;
    await tx.query(sql`
      create temp table bench_people on commit drop as
      select g as n, gen_random_uuid() as user_id from generate_series(0, ${people - 1}) g`);
    await tx.query(sql`
      insert into users (id, email, name)
      select user_id, ${plan.slug} || '-' || n || '@bench.example',
             (array['Ada', 'Ben', 'Chloé', 'Dmitri', 'Ebru', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jia'])[1 + n % 10] || ' ' ||
             (array['Lovelace', 'Okafor', 'Nakamura', 'Schmidt', 'Silva', 'Kowalski', 'Haddad', 'Larsen'])[1 + (n / 10) % 8] ||
             ' ' || n
        from bench_people`);
    await tx.query(sql`
      insert into memberships (company_id, user_id, role)
      select ${companyId}, user_id,
             case when n = 0 then 'owner' when n < ${firstManager} then 'admin'
                  when n < ${firstManager + teams} then 'manager' else 'employee' end
        from bench_people`);
    await tx.query(sql`
      create temp table bench_teams on commit drop as
      select g as n, gen_random_uuid() as id from generate_series(0, ${teams - 1}) g`);
    await tx.query(sql`insert into teams (company_id, id, name) select ${companyId}, id, 'Team ' || n from bench_teams`);
    await tx.query(sql`
      insert into team_members (company_id, team_id, user_id, is_manager)
      select ${companyId}, t.id, p.user_id, p.n between ${firstManager} and ${firstManager + teams - 1}
        from bench_people p join bench_teams t on t.n = p.n % ${teams}`);

    await tx.query(sql`
      create temp table bench_clients on commit drop as
      select g as n, gen_random_uuid() as id, case when g % 5 = 4 then 'USD' else 'EUR' end as currency,
             8000 + 500 * g as rate
        from generate_series(0, ${clients - 1}) g`);
    await tx.query(sql`
      insert into clients (company_id, id, name, currency, hourly_rate_minor)
      select ${companyId}, id, 'Client ' || n, currency, rate from bench_clients`);
    // One project in four is open only to two teams, so app_may_log_on has team rows to read.
    await tx.query(sql`
      create temp table bench_projects on commit drop as
      select g as n, gen_random_uuid() as id, g % ${clients} as client, g % 4 = 3 as assigned, g % 10 <> 9 as billable,
             case when g % 3 = 0 then 12000 end as rate
        from generate_series(0, ${projects - 1}) g`);
    await tx.query(sql`
      insert into projects (company_id, id, name, client_id, code, billable, hourly_rate_minor, access)
      select ${companyId}, p.id, 'Project ' || p.n, c.id, 'P' || p.n, p.billable, p.rate,
             case when p.assigned then 'assigned' else 'everyone' end
        from bench_projects p join bench_clients c on c.n = p.client`);
    await tx.query(sql`
      insert into project_teams (company_id, project_id, team_id)
      select ${companyId}, p.id, t.id
        from bench_projects p join bench_teams t on t.n in (p.n % ${teams}, (p.n + 1) % ${teams})
       where p.assigned`);
    await tx.query(sql`
      create temp table bench_tasks on commit drop as
      select p.n as project, k, gen_random_uuid() as id, (array['Design', 'Build', 'Meetings'])[k + 1] as name, k <> 2 as billable
        from bench_projects p cross join generate_series(0, 2) k`);
    await tx.query(sql`
      insert into tasks (company_id, id, project_id, name, billable)
      select ${companyId}, t.id, p.id, t.name, t.billable from bench_tasks t join bench_projects p on p.n = t.project`);

    // Every person-week has a sheet: older weeks approved by the person's manager,
    // last week submitted by four people in five, the current week a draft.
    await tx.query(sql`
      insert into timesheets (company_id, user_id, week_start, status, submitted_at, decided_at, decided_by, created_at)
      select ${companyId}, p.user_id, w.week_start,
             case when w.week_start = ${weeks.current}::date then 'draft'
                  when w.week_start = ${weeks.current}::date - 7 then case when p.n % 5 = 4 then 'draft' else 'submitted' end
                  else 'approved' end,
             case when w.week_start < ${weeks.current}::date and (w.week_start < ${weeks.current}::date - 7 or p.n % 5 <> 4)
                  then w.week_start + time '17:00' + interval '4 days' end,
             case when w.week_start < ${weeks.current}::date - 7 then w.week_start + time '10:00' + interval '8 days' end,
             case when w.week_start < ${weeks.current}::date - 7 then coalesce(nullif(m.user_id, p.user_id), owner.user_id) end,
             w.week_start + time '08:00'
        from bench_people p
        join bench_people m on m.n = ${firstManager} + (((p.n % ${teams}) - ${firstManager}) % ${teams} + ${teams}) % ${teams}
        join bench_people owner on owner.n = 0
        cross join lateral (select (${weeks.first}::date + 7 * g) as week_start from generate_series(0, ${weekCount - 1}) g) w`);
    await tx.query(sql`analyze bench_people, bench_projects, bench_tasks, bench_clients`);
    // Different projects through the day and the week; every third entry has notes.
    // Approved weeks carry their frozen rate, as approval would have set it.
    await tx.query(sql`
      with slots as (
        select s.id as timesheet_id, s.user_id, s.status, s.decided_at, p.n as person, s.week_start + wd as work_date,
               wd, k, (s.week_start - ${weeks.first}::date) / 7 as week,
               (p.n * 7 + wd * 3 + k * 13 + (s.week_start - ${weeks.first}::date) / 7) % ${projects} as project
          from timesheets s
          join bench_people p on p.user_id = s.user_id
          cross join generate_series(0, 4) wd
          cross join generate_series(0, ${entriesPerDay - 1}) k
         where s.company_id = ${companyId} and s.week_start + wd <= ${weeks.today}::date
      )
      insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, notes, billable,
                                rate_minor, currency, frozen_at, created_at, updated_at)
      select ${companyId}, sl.user_id, sl.timesheet_id, pr.id, tk.id, sl.work_date,
             30 + ((sl.person * 31 + sl.wd * 17 + sl.k * 7 + sl.week) % 10) * 15,
             case when (sl.person + sl.wd + sl.k) % 3 = 0 then 'Worked on project ' || pr.n end,
             pr.billable and tk.billable,
             case when sl.status = 'approved' and pr.billable and tk.billable then coalesce(pr.rate, cl.rate) end,
             case when sl.status = 'approved' then cl.currency end,
             case when sl.status = 'approved' then sl.decided_at end,
             sl.work_date + time '09:00' + sl.k * interval '2 hours',
             sl.work_date + time '09:00' + sl.k * interval '2 hours'
        from slots sl
        -- Only projects open to everyone: an assigned project's teams may not include the person.
        join bench_projects pr on pr.n = case when sl.project % 4 = 3 then sl.project - 1 else sl.project end
        join bench_clients cl on cl.n = pr.client
        join bench_tasks tk on tk.project = pr.n and tk.k = (sl.person + sl.wd + sl.k) % 3`);
    return companyId;
  });
}

interface Persona {
  label: string;
  userId: string;
  token: string;
}

/** One request's work; resolves to the number of rows it shows, so page and SQL can be held to the same. */
type Job = () => Promise<number>;

/** p-th percentile (nearest rank) of the samples, in ms. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Run the jobs `concurrency` at a time; each one's wall time in ms. */
async function timed(jobs: Job[]): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const started = performance.now();
        await job();
        times.push(performance.now() - started);
      }
    }),
  );
  return times;
}

const loadAverage = () => loadavg().map((value) => value.toFixed(1)).join(" / ");

/** A small seeded generator, so the page and the direct SQL get the same weeks. */
function randomWeeks(seed: number, first: Day, n: number): Day[] {
  let state = seed;
  return Array.from({ length: n }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return shiftDay(first, 7 * Math.floor((state / 2_147_483_648) * weekCount));
  });
}

// Route modules import their stylesheets as URLs, which Remix's bundler provides and
// Node can't load: here each stylesheet stands in as its own path.
const stylesheetsAsUrls = `export async function load(url, context, next) {
  if (url.endsWith(".css")) return { format: "module", source: "export default " + JSON.stringify(url), shortCircuit: true };
  return next(url, context);
}`;

async function main(): Promise<void> {
  register(`data:text/javascript,${encodeURIComponent(stylesheetsAsUrls)}`);
  // Imported after the hook above, which static imports would run ahead of.
  const { loader: weekLoader } = await import("../app/routes/c.$company.time._index");
  const { loader: approvalsLoader } = await import("../app/routes/c.$company.approvals");
  const timer = setTimeout(() => {
    console.error(`bench:time gave up after ${timeLimitMs / 1000} s`);
    process.exit(1);
  }, timeLimitMs);
  timer.unref();
  const loadAtStart = loadAverage();
  const scratch = await createScratchDatabase(serverUrl);
  // As many connections as requests in flight, so concurrency reaches the server.
  const db = openPostgres({ url: scratch.url, poolMax: concurrency, connectTimeoutSeconds: 5 });
  let app: TestApp | null = null;
  try {
    await migrate(db);
    app = await createTestApp(db);
    const [server] = await db.query<{ version: string }>(sql`select current_setting('server_version') as version`);
    console.log(`Database: Postgres ${server?.version}, scratch database ${scratch.name}${keepDatabase ? " (kept)" : " (dropped afterwards)"}`);
    console.log(`Scale:    ${scale} (${weekCount} weeks, ${requestCount} requests per case, concurrency ${concurrency}, pool of ${concurrency})\n`);

    const weeks = benchWeeks();
    const seedStart = performance.now();
    const companyIds: string[] = [];
    for (const plan of plans) companyIds.push(await seedCompany(db, plan, weeks));
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
      await timed(page.slice(0, warmUpCount));
      await timed(direct.slice(0, warmUpCount));
      const pageTimes = await timed(page);
      const directTimes = await timed(direct);
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
  } finally {
    await app?.close();
    await db.close();
    if (!keepDatabase) await scratch.drop();
  }
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
 * may decide (app_is_company_admin and app_manages_user spelled out), their
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
