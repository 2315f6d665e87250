/**
 * What the benches that need a large company share: the bulk seed (triggers off,
 * generate_series, one transaction per company), the timing loop and percentiles,
 * and loading route modules outside Remix's bundler.
 */
import { register } from "node:module";
import { loadavg } from "node:os";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql } from "../db/sql";
import { createScratchDatabase } from "../db/testing/postgres-admin";
import type { Database } from "../db/types";
import { createTestApp, type TestApp } from "../app/testing/context";
import { shiftDay, todayIn, weekStartOf, type Day } from "../app/kernel/clock/weeks";

export interface CompanyPlan {
  name: string;
  slug: string;
  people: number;
  teams: number;
  clients: number;
  projects: number;
  entriesPerDay: number;
}

// People 0 (owner) and 1–2 (admins) come first, then one manager per team.
export const firstManager = 3;
export const managerOf = (person: number, teams: number) => firstManager + ((((person % teams) - firstManager) % teams) + teams) % teams;

export const count = (value: number) => value.toLocaleString("en-US");
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface BenchWeeks {
  first: Day;
  current: Day;
  today: Day;
}

/** `weekCount` weeks ending with the current one, in the company's zone, weeks starting on Monday. */
export function benchWeeks(timezone: string, weekCount: number): BenchWeeks {
  const today = todayIn(timezone);
  const current = weekStartOf(today, 1);
  return { first: shiftDay(current, -7 * (weekCount - 1)), current, today };
}

/**
 * One company with people in teams (the first of each team its manager), clients,
 * projects (one in four open only to two teams) and tasks, and a timesheet for
 * every person-week: older weeks approved with frozen rates, last week mostly
 * submitted, the current week a draft; `entriesPerDay` entries each weekday.
 */
export async function seedCompany(db: Database, plan: CompanyPlan, weeks: BenchWeeks, timezone: string): Promise<string> {
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
        cross join lateral (select (${weeks.first}::date + 7 * g) as week_start from generate_series(0, (${weeks.current}::date - ${weeks.first}::date) / 7) g) w`);
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

/** One request's work; resolves to the number of rows it shows, so page and SQL can be held to the same. */
export type Job = () => Promise<number>;

/** p-th percentile (nearest rank) of the samples, in ms. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Run the jobs `concurrency` at a time; each one's wall time in ms. */
export async function timed(jobs: Job[], concurrency: number): Promise<number[]> {
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

export const loadAverage = () => loadavg().map((value) => value.toFixed(1)).join(" / ");

// Route modules import their stylesheets as URLs, which Remix's bundler provides and
// Node can't load: here each stylesheet stands in as its own path.
const stylesheetsAsUrls = `export async function load(url, context, next) {
  if (url.endsWith(".css")) return { format: "module", source: "export default " + JSON.stringify(url), shortCircuit: true };
  return next(url, context);
}`;

/** Call before importing a route module. */
export function loadStylesheetsAsUrls(): void {
  register(`data:text/javascript,${encodeURIComponent(stylesheetsAsUrls)}`);
}

export interface BenchOptions {
  name: string;
  /** DATABASE_URL's server; the bench makes its own database there. */
  serverUrl: string;
  /** As many connections as requests in flight, so concurrency reaches the server. */
  poolMax: number;
  timeLimitMs: number;
  keepDatabase?: boolean;
}

/**
 * Run `body` against the product's app on a migrated scratch database, dropped
 * afterwards unless kept; a bench that overruns its limit exits with an error.
 */
export async function withBenchApp(options: BenchOptions, body: (db: Database, app: TestApp) => Promise<void>): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`${options.name} gave up after ${options.timeLimitMs / 1000} s`);
    process.exit(1);
  }, options.timeLimitMs);
  timer.unref();
  const scratch = await createScratchDatabase(options.serverUrl);
  const db = openPostgres({ url: scratch.url, poolMax: options.poolMax, connectTimeoutSeconds: 5 });
  let app: TestApp | null = null;
  try {
    await migrate(db);
    app = await createTestApp(db);
    const [server] = await db.query<{ version: string }>(sql`select current_setting('server_version') as version`);
    console.log(`Database: Postgres ${server?.version}, scratch database ${scratch.name}${options.keepDatabase ? " (kept)" : " (dropped afterwards)"}`);
    await body(db, app);
  } finally {
    await app?.close();
    await db.close();
    if (!options.keepDatabase) await scratch.drop();
  }
}

/** Exit with the bench's outcome; the app's pools and timers would otherwise keep the process alive. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
