/**
 * npm run bench:reports: the summary time report's server time for a company
 * with about 1 M entries over a year, next to the same SQL run directly, as a ratio.
 *
 * On a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped. Seeds one
 * company of 800 people in 40 teams with 52 weeks of weekday entries, then calls
 * the report page's loader as requests with a session cookie: the whole year and
 * random ranges, grouped by person, project or client, as an admin (everyone's
 * time) and as a manager (their team's, through RLS). BENCH_REPORT_SCALE (default
 * 1) shrinks the people and the request count for a quick run;
 * BENCH_REPORT_CONCURRENCY (default 2, the machine's cores) sets requests in flight.
 */
import { availableParallelism } from "node:os";
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { join, sql } from "../db/sql";
import type { Database } from "../db/types";
import { requestAs, statusOf } from "../app/testing/context";
import { shiftDay, type Day } from "../app/kernel/clock/weeks";
import {
  benchWeeks, count, loadAverage, loadStylesheetsAsUrls, managerOf, percentile, seconds, seedCompany, timed, withBenchApp, runBench,
  type CompanyPlan, type Job,
} from "./bench-support";

const scale = Number(process.env.BENCH_REPORT_SCALE ?? 1);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const concurrency = Number(process.env.BENCH_REPORT_CONCURRENCY ?? 2);
const requestCount = Math.max(10, Math.round(60 * scale));
const warmUpCount = 4;
const timeLimitMs = 10 * 60_000;
const timezone = "Europe/Berlin";
const groupings = ["person", "project", "client"] as const;
type Grouping = (typeof groupings)[number];

// 800 people × 5 entries × 5 weekdays × 52 weeks ≈ 1 M entries.
const plan: CompanyPlan = {
  name: "Bench Reports", slug: "bench-reports", people: Math.max(60, Math.round(800 * scale)), teams: 40, clients: 30, projects: 100, entriesPerDay: 5,
};

interface Case {
  from: Day;
  to: Day;
  groupBy: Grouping;
}

/** A small seeded generator, so the page and the direct SQL get the same ranges. */
function randomCases(seed: number, first: Day, days: number, n: number): Case[] {
  let state = seed;
  const next = (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * below);
  };
  return Array.from({ length: n }, () => {
    const start = next(days);
    const length = 1 + next(days - start);
    return { from: shiftDay(first, start), to: shiftDay(first, start + length - 1), groupBy: groupings[next(groupings.length)]! };
  });
}

async function main(): Promise<void> {
  loadStylesheetsAsUrls();
  const { loader } = await import("../app/routes/c.$company.reports.time/route");
  const loadAtStart = loadAverage();
  await withBenchApp({ name: "bench:reports", serverUrl, poolMax: concurrency, timeLimitMs }, async (db, app) => {
    const weeks = benchWeeks(timezone, 52);
    const seedStart = performance.now();
    const companyId = await seedCompany(db, plan, weeks, timezone);
    await db.query(sql`analyze`);
    const [seeded] = await db.query<{ entries: number; first: Day; last: Day }>(sql`
      select count(*)::int as entries, min(work_date)::text as first, max(work_date)::text as last from time_entries`);
    console.log(`Seeded ${count(seeded!.entries)} entries of ${plan.people} people from ${seeded!.first} to ${seeded!.last} in ${seconds(performance.now() - seedStart)}`);
    console.log(`${requestCount} requests per case at concurrency ${concurrency}, after ${warmUpCount} to warm up. Times in ms.\n`);

    const context: AppLoadContext = app.context();
    const persona = async (person: number) => {
      const [row] = await db.query<{ id: string }>(sql`select id from users where email = ${`${plan.slug}-${person}@bench.example`}`);
      return { userId: row!.id, token: await context.auth.accounts.createSession(row!.id, { ip: null, userAgent: null }) };
    };
    const admin = await persona(1);
    const manager = await persona(managerOf(100, plan.teams));

    const page = (who: { token: string }, c: Case): Job => async () => {
      const path = `/c/${plan.slug}/reports/time?from=${c.from}&to=${c.to}&groupBy=${c.groupBy}`;
      const request = await requestAs(context, who.token, path);
      try {
        const result = (await loader({ request, params: { company: plan.slug }, context } as LoaderFunctionArgs)) as {
          report: { rows: unknown[] } | null;
        };
        return result.report!.rows.length;
      } catch (thrown) {
        throw new Error(`${path}: status ${statusOf(thrown) ?? String(thrown)}`);
      }
    };

    const lines: string[] = [];
    const compare = async (label: string, cases: Case[], who: { token: string; userId: string }, asManager: boolean) => {
      const pageJobs = cases.map((c) => page(who, c));
      const directJobs = cases.map((c) => () => directSummary(db, companyId, c, asManager ? who.userId : null));
      for (let i = 0; i < Math.min(3, cases.length); i++) {
        const [shown, read] = [await pageJobs[i]!(), await directJobs[i]!()];
        if (shown !== read) throw new Error(`${label}: the page shows ${shown} rows, the direct SQL reads ${read}`);
      }
      await timed(pageJobs.slice(0, warmUpCount), concurrency);
      await timed(directJobs.slice(0, warmUpCount), concurrency);
      const pageTimes = await timed(pageJobs, concurrency);
      const directTimes = await timed(directJobs, concurrency);
      const [p50, p99, d50, d99] = [percentile(pageTimes, 50), percentile(pageTimes, 99), percentile(directTimes, 50), percentile(directTimes, 99)];
      const ms = (value: number) => value.toFixed(1).padStart(9);
      lines.push(`${label.padEnd(44)} ${ms(p50)} ${ms(p99)}   ${ms(d50)} ${ms(d99)}   ${(p50 / d50).toFixed(2).padStart(5)} ${(p99 / d99).toFixed(2).padStart(5)}`);
    };

    const yearDays = 7 * 52;
    const wholeYear = (i: number): Case => ({ from: weeks.first, to: shiftDay(weeks.first, yearDays - 1), groupBy: groupings[i % 3]! });
    const measureStart = performance.now();
    await compare("admin, the whole year (person/project/client)", Array.from({ length: requestCount }, (_, i) => wholeYear(i)), admin, false);
    await compare("admin, random ranges and groupings", randomCases(7, weeks.first, yearDays, requestCount), admin, false);
    await compare("manager, the whole year (their team)", Array.from({ length: requestCount }, (_, i) => wholeYear(i)), manager, true);
    await compare("manager, random ranges and groupings", randomCases(11, weeks.first, yearDays, requestCount), manager, true);

    console.log(`${"".padEnd(44)} ${"page p50".padStart(9)} ${"p99".padStart(9)}   ${"SQL p50".padStart(9)} ${"p99".padStart(9)}   ${"ratio".padStart(5)} ${"p99".padStart(5)}`);
    for (const line of lines) console.log(line);
    console.log(`\nPage: the report route's loader (session, tenant transaction with RLS, the summary and the filter's choices).`);
    console.log(`SQL: the summary's query on the owner connection, the manager's visibility spelled out as a join, no RLS or Remix.`);
    console.log(`(measuring took ${seconds(performance.now() - measureStart)}; ${availableParallelism()} CPUs; load average ${loadAverage()} at the end, ${loadAtStart} at the start)`);
  });
}

const labels: Record<Grouping, { key: ReturnType<typeof sql>; label: ReturnType<typeof sql> }> = {
  person: { key: sql`u.id`, label: sql`coalesce(nullif(btrim(u.name), ''), u.email)` },
  project: { key: sql`p.id`, label: sql`p.name || coalesce(' (' || p.code || ')', '')` },
  client: { key: sql`cl.id`, label: sql`coalesce(cl.name, 'No client')` },
};

/** The summary written by hand; for a manager, the people of the live teams they manage. */
async function directSummary(db: Database, companyId: string, c: Case, managerId: string | null): Promise<number> {
  const where = [sql`e.company_id = ${companyId}`, sql`e.work_date between ${c.from} and ${c.to}`];
  if (managerId) {
    where.push(sql`e.user_id in (
      select theirs.user_id from team_members mine
        join teams t on t.company_id = mine.company_id and t.id = mine.team_id and t.archived_at is null
        join team_members theirs on theirs.company_id = mine.company_id and theirs.team_id = mine.team_id
       where mine.company_id = ${companyId} and mine.user_id = ${managerId} and mine.is_manager
       union select ${managerId}::uuid)`);
  }
  const group = labels[c.groupBy];
  const rows = await db.query(sql`
    select ${group.key} as key, ${group.label} as label, sum(e.minutes)::int, coalesce(sum(e.minutes) filter (where e.billable), 0)::int, count(*)::int
      from time_entries e
      join users u on u.id = e.user_id
      join projects p on p.company_id = e.company_id and p.id = e.project_id
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
     where ${join(where, " and ")}
     group by 1, 2 order by lower(${group.label}), 1`);
  return rows.length;
}

runBench(main);
