/**
 * npm run bench:api: the public API's fixed cost and its two heavy paths, each next
 * to the SQL underneath it.
 *
 * 1. Requests per second for GET /api/v1/me on one process: token lookup, member and
 *    role, the per-token rate limiter (Redis when REDIS_URL is set, memory otherwise),
 *    the tenant transaction — over real keep-alive HTTP through the product's HTTP
 *    layer (server/app.ts), whose Remix stand-in hands each request to its route
 *    module with the real load context (Remix's own router would need a build).
 * 2. GET /api/v1/time-entries at about 1 M entries, p50/p99 for three filters, one
 *    request at a time, against the same SELECT run directly on the database (no token,
 *    no tenant transaction, no HTTP).
 * 3. POST /api/v1/time-entries/bulk, 1,000 entries a request, rows/s, against one
 *    multi-row INSERT of the same rows (their weeks' timesheets first, as bulk makes them).
 *
 * On a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped. BENCH_API_SCALE
 * (default 1) shrinks the seeded weeks and the request counts for a quick run.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import type { AppLoadContext } from "@remix-run/node";
// As server/remix-handler.ts: the adapter's own Request conversion.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { pino } from "pino";
import { loader as meLoader } from "../app/routes/api.v1.me";
import { action as bulkAction } from "../app/routes/api.v1.time-entries.bulk";
import { loader as listLoader } from "../app/routes/api.v1.time-entries._index";
import { createApiTokenOperation } from "../app/kernel/api-tokens/operations.server";
import { perform } from "../app/kernel/operations";
import { shiftDay, todayIn, weekStartOf } from "../app/kernel/clock/weeks";
import { memberOf } from "../app/testing/api-member";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql } from "../db/sql";
import type { Database } from "../db/types";
import { createMember } from "../db/testing/fixtures";
import { createScratchDatabase } from "../db/testing/postgres-admin";
import { parseConfig } from "../platform/config";
import { createApp } from "../server/app";
import { createServices } from "../server/services";
import { benchWeeks, count, loadAverage, percentile, runBench, seconds, seedCompany, timed, type CompanyPlan } from "./bench-support";

const scale = Number(process.env.BENCH_API_SCALE ?? 1);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL;
const timeLimitMs = 12 * 60_000;
const weekCount = Math.max(4, Math.round(104 * scale));
const meRequests = Math.max(500, Math.round(5_000 * scale));
const listRequests = Math.max(40, Math.round(300 * scale));
const bulkRequests = Math.max(4, Math.round(20 * scale));
const clients = 16;
const timezone = "Europe/Berlin";

// As bench:time: three companies, about 1 M entries over two years of weekdays.
const plans: CompanyPlan[] = [
  { name: "Bench Big", slug: "bench-big", people: 250, teams: 25, clients: 20, projects: 60, entriesPerDay: 4 },
  { name: "Bench Mid A", slug: "bench-mid-a", people: 120, teams: 12, clients: 10, projects: 30, entriesPerDay: 4 },
  { name: "Bench Mid B", slug: "bench-mid-b", people: 120, teams: 12, clients: 10, projects: 30, entriesPerDay: 4 },
];

type RouteHandler = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<Response>;

const routes: Record<string, RouteHandler> = {
  "GET /api/v1/me": meLoader as RouteHandler,
  "GET /api/v1/time-entries": listLoader as RouteHandler,
  "POST /api/v1/time-entries/bulk": bulkAction as RouteHandler,
};

async function tokenOf(context: AppLoadContext, db: Database, companyId: string): Promise<string> {
  const [owner] = await db.query<{ user_id: string }>(sql`
    select user_id from memberships where company_id = ${companyId} and role = 'owner' order by created_at limit 1`);
  const tenant = { companyId, userId: owner!.user_id, role: "owner" as const };
  const outcome = await perform(createApiTokenOperation, { name: "Bench", scopes: ["time:read", "time:write"], expiresIn: "30" }, {
    member: memberOf(tenant),
    services: context,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value.token;
}

/** The requests, `concurrency` at a time over keep-alive HTTP; each one's time in ms. Fails on any answer but `expect`. */
async function hammer(requests: (() => Promise<Response>)[], expect: number, concurrency = clients): Promise<number[]> {
  return timed(
    requests.map((send) => async () => {
      const response = await send();
      await response.arrayBuffer();
      if (response.status !== expect) throw new Error(`expected ${expect}, got ${response.status}`);
      return 1;
    }),
    concurrency,
  );
}

const figures = (samples: number[]) => `p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms`;

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const timer = setTimeout(() => {
    console.error(`bench:api gave up after ${timeLimitMs / 1000} s`);
    process.exit(1);
  }, timeLimitMs);
  timer.unref();

  const scratch = await createScratchDatabase(serverUrl);
  const db = openPostgres({ url: scratch.url, poolMax: clients, connectTimeoutSeconds: 5 });
  const config = parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: scratch.url,
    ...(redisUrl && { REDIS_URL: redisUrl, QUEUE_PREFIX: `bench-api-${process.pid}` }),
    // The limiter runs on every request, as in production, but never refuses: this measures its cost, not its limit.
    API_RATE_LIMIT_BURST: "1000000",
    API_RATE_LIMIT_PER_MINUTE: "10000000",
  });
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? "silent" });
  let closeServices: (() => Promise<void>) | undefined;
  try {
    await migrate(db);
    const seedStart = performance.now();
    const weeks = benchWeeks(timezone, weekCount);
    const companyIds: string[] = [];
    for (const plan of plans) companyIds.push(await seedCompany(db, plan, weeks, timezone));
    await db.query(sql`analyze`);
    const [{ entries } = { entries: 0 }] = await db.query<{ entries: number }>(sql`select count(*)::int as entries from time_entries`);

    const running = await createServices({ config, db, logger });
    closeServices = running.close;
    const context = { ...running.services, logger, requestId: "bench", cspNonce: "", clientIp: "127.0.0.1" } as AppLoadContext;
    const app = createApp({
      config,
      logger,
      readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
      publicDir: mkdtempSync(`${tmpdir()}/hourbook-bench-public-`),
      apiRateLimits: running.apiRateLimits,
      remix: async (req, res, next) => {
        try {
          const handler = routes[`${req.method} ${req.path}`];
          if (!handler) return void res.status(404).end();
          let response: Response;
          try {
            response = await handler({ request: createRemixRequest(req, res), params: {}, context });
          } catch (thrown) {
            if (!(thrown instanceof Response)) throw thrown;
            response = thrown;
          }
          res.status(response.status).type(response.headers.get("Content-Type") ?? "text/plain").send(Buffer.from(await response.arrayBuffer()));
        } catch (error) {
          next(error);
        }
      },
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    console.log(`Database: scratch database on ${new URL(serverUrl).host} (dropped afterwards); rate limits in ${redisUrl ? "Redis" : "memory"}`);
    console.log(`Seeded:   ${count(entries)} time entries in ${seconds(performance.now() - seedStart)} (scale ${scale}, ${weekCount} weeks)`);
    console.log(`Load:     ${loadAtStart} at start, ${clients} concurrent HTTP clients\n`);

    const bigCompany = companyIds[0]!;
    const token = await tokenOf(context, db, bigCompany);
    const get = (path: string) => () => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });

    // 1. The fixed cost of a request.
    await hammer(Array.from({ length: 100 }, () => get("/api/v1/me")), 200);
    const meStart = performance.now();
    const meTimes = await hammer(Array.from({ length: meRequests }, () => get("/api/v1/me")), 200);
    const meSeconds = (performance.now() - meStart) / 1000;
    console.log(`GET /api/v1/me: ${count(meRequests)} requests, ${Math.round(meRequests / meSeconds)} requests/s (${figures(meTimes)})\n`);

    // 2. The list at 1 M entries, three filters, against its SQL.
    const people = await db.query<{ user_id: string }>(sql`select user_id from memberships where company_id = ${bigCompany} order by user_id`);
    const projects = await db.query<{ id: string }>(sql`select id from projects where company_id = ${bigCompany} order by id`);
    const seededDays = Array.from({ length: weekCount * 7 }, (_, i) => shiftDay(weeks.first, i));
    const firstDay = seededDays[0]!;
    const lastDay = weeks.today;
    const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
    const dayAt = (i: number) => pick(seededDays.slice(0, Math.max(7, seededDays.length - 28)), i);
    const cases = [
      {
        label: "one person, four weeks",
        path: (i: number) => `/api/v1/time-entries?userId=${pick(people, i).user_id}&from=${dayAt(i)}&to=${shiftDay(dayAt(i), 27)}&limit=50`,
        where: (i: number) => sql`e.user_id = ${pick(people, i).user_id} and e.work_date between ${dayAt(i)}::date and ${shiftDay(dayAt(i), 27)}::date`,
        limit: 50,
      },
      {
        label: "one project, a month",
        path: (i: number) => `/api/v1/time-entries?projectId=${pick(projects, i).id}&from=${dayAt(i)}&to=${shiftDay(dayAt(i), 30)}&limit=200`,
        where: (i: number) => sql`e.project_id = ${pick(projects, i).id} and e.work_date between ${dayAt(i)}::date and ${shiftDay(dayAt(i), 30)}::date`,
        limit: 200,
      },
      {
        label: "the company, one week",
        path: (i: number) => `/api/v1/time-entries?from=${weekStartOf(dayAt(i), 1)}&to=${shiftDay(weekStartOf(dayAt(i), 1), 6)}&limit=200`,
        where: (i: number) => sql`e.work_date between ${weekStartOf(dayAt(i), 1)}::date and ${shiftDay(weekStartOf(dayAt(i), 1), 6)}::date`,
        limit: 200,
      },
    ];
    console.log(`GET /api/v1/time-entries over ${count(entries)} entries (${firstDay} to ${lastDay}), ${listRequests} requests a case, one at a time:`);
    for (const { label, path, where, limit } of cases) {
      await hammer(Array.from({ length: 20 }, (_, i) => get(path(i))), 200);
      // One at a time: each request's own cost, without queueing for the two cores.
      const api = await hammer(Array.from({ length: listRequests }, (_, i) => get(path(i))), 200, 1);
      const direct = await timed(
        Array.from({ length: listRequests }, (_, i) => async () => {
          const rows = await db.query(sql`
            select e.id, e.user_id, e.project_id, e.task_id, e.timesheet_id, e.work_date::text, e.minutes, e.started_at, e.ended_at,
                   e.notes, e.billable, ts.status, e.created_at, e.updated_at, e.work_date::text as position
              from time_entries e join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id
             where e.company_id = ${bigCompany} and ${where(i)}
             order by e.work_date, e.id limit ${limit + 1}`);
          return rows.length;
        }),
        1,
      );
      // The same SELECT as the API's transaction runs it: as the owner, under row-level security.
      const [owner] = await db.query<{ user_id: string }>(sql`
        select user_id from memberships where company_id = ${bigCompany} and role = 'owner' order by created_at limit 1`);
      const asTenant = await timed(
        Array.from({ length: listRequests }, (_, i) => async () => {
          const rows = await context.withTenant({ companyId: bigCompany, userId: owner!.user_id, role: "owner" }, (tx) => tx.query(sql`
            select e.id, e.user_id, e.project_id, e.task_id, e.timesheet_id, e.work_date::text, e.minutes, e.started_at, e.ended_at,
                   e.notes, e.billable, ts.status, e.created_at, e.updated_at, e.work_date::text as position
              from time_entries e join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id
             where e.company_id = ${bigCompany} and ${where(i)}
             order by e.work_date, e.id limit ${limit + 1}`));
          return rows.length;
        }),
        1,
      );
      // The route module alone, without HTTP: what the door and the handler add to the SQL.
      const handler = await timed(
        Array.from({ length: listRequests }, (_, i) => async () => {
          const request = new Request(`${base}${path(i)}`, { headers: { Authorization: `Bearer ${token}` } });
          const response = await listLoader({ request, params: {}, context });
          await response.arrayBuffer();
          return 1;
        }),
        1,
      );
      const ratio = percentile(api, 50) / percentile(direct, 50);
      console.log(`  ${label}: API ${figures(api)}, ${ratio.toFixed(2)}× the SQL at p50`);
      console.log(`    handler without HTTP ${figures(handler)} | SQL in a tenant transaction ${figures(asTenant)} | SQL alone ${figures(direct)}`);
    }

    // 3. Bulk creation against a raw INSERT of the same rows, each into people with no time yet.
    const bulkCompany = companyIds[1]!;
    const bulkToken = await tokenOf(context, db, bulkCompany);
    const [project] = await db.query<{ id: string }>(sql`
      select p.id from projects p where p.company_id = ${bulkCompany} and p.archived_at is null and p.access = 'everyone'
       order by p.id limit 1`);
    const today = todayIn(timezone);
    const days = Array.from({ length: 100 }, (_, i) => shiftDay(today, -7 - i));
    const batchFor = (userId: string) =>
      days.flatMap((day) => Array.from({ length: 10 }, (_, k) => ({ userId, projectId: project!.id, day, minutes: 15, notes: `Bench entry ${k}` })));
    const newPeople = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1) ids.push((await createMember(db, bulkCompany, "employee")).userId);
      return ids;
    };

    const apiPeople = await newPeople(bulkRequests);
    const bulkStart = performance.now();
    for (const userId of apiPeople) {
      const response = await fetch(`${base}/api/v1/time-entries/bulk`, {
        method: "POST",
        headers: { Authorization: `Bearer ${bulkToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ entries: batchFor(userId) }),
      });
      const answer = await response.text();
      if (response.status !== 201) throw new Error(`bulk answered ${response.status}: ${answer.slice(0, 500)}`);
    }
    const apiRowsPerSecond = (bulkRequests * 1_000) / ((performance.now() - bulkStart) / 1000);

    const rawPeople = await newPeople(bulkRequests);
    const rawStart = performance.now();
    for (const userId of rawPeople) {
      const rows = batchFor(userId);
      await db.transaction(async (tx) => {
        await tx.query(sql`
          insert into timesheets (company_id, user_id, week_start)
          select distinct ${bulkCompany}::uuid, ${userId}::uuid, date_trunc('week', d)::date from unnest(${days}::date[]) d
          on conflict do nothing`);
        await tx.query(sql`
          insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, notes, billable)
          select ${bulkCompany}, ${userId}, ts.id, t.project_id, t.work_date, t.minutes, t.notes, true
            from unnest(${rows.map((row) => row.projectId)}::uuid[], ${rows.map((row) => row.day)}::date[],
                        ${rows.map((row) => row.minutes)}::int[], ${rows.map((row) => row.notes)}::text[]) as t(project_id, work_date, minutes, notes)
            join timesheets ts on ts.company_id = ${bulkCompany} and ts.user_id = ${userId} and ts.week_start = date_trunc('week', t.work_date)::date`);
      });
    }
    const rawRowsPerSecond = (bulkRequests * 1_000) / ((performance.now() - rawStart) / 1000);
    console.log(`\nPOST /api/v1/time-entries/bulk: ${bulkRequests} requests of 1,000 entries`);
    console.log(`  API ${count(Math.round(apiRowsPerSecond))} rows/s | raw INSERT ${count(Math.round(rawRowsPerSecond))} rows/s | ${(apiRowsPerSecond / rawRowsPerSecond).toFixed(2)}× the INSERT`);
    console.log(`\nLoad at the end: ${loadAverage()}`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    await closeServices?.();
    await db.close();
    await scratch.drop();
  }
}

runBench(main);
