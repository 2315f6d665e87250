/**
 * npm run test:cluster: two web processes and two workers of the built server on
 * one Postgres, one Redis and one S3 bucket — the test's own, on ports 4310–4312,
 * since it restarts them — proving through HTTP what running on many machines
 * needs: sessions and sign-in limits shared, files written by a worker served by
 * either web process, scheduled work done once, a worker's SIGTERM losing and
 * doubling nothing, and Redis and Postgres restarts survived. Prints its figures;
 * exits 1 on the first broken promise, after cleaning up either way.
 *
 * Needs `npm run build` first (the npm script does it), and initdb, pg_ctl and
 * redis-server on PATH.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { Queue } from "bullmq";
import postgres from "postgres";
import { s3ClientFor } from "../jobs/storage/s3";
import { createDatabase, startBackingServices, type BackingServices } from "./cluster/backing-services";
import { CookieJar, startProcess, waitFor, WebClient, type ClusterProcess } from "./cluster/processes";

const ports = { postgres: 4310, redis: 4311, s3: 4312, web: [4320, 4321] };
const queuePrefix = "hourbook-cluster";
const password = "hourbook-demo";
const company = "acme";

const logDir = mkdtempSync(join(tmpdir(), "hourbook-cluster-logs-"));
let services: BackingServices | undefined;
const running: ClusterProcess[] = [];
const figures: [string, string | number][] = [];

function step(message: string) {
  console.log(`\n— ${message}`);
}

async function cleanUp() {
  await Promise.all(running.map((child) => child.stop()));
  await services?.stop();
}

process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

try {
  services = await startBackingServices(ports);
  createDatabase(ports.postgres, "hourbook");
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: services.databaseUrl,
    DATABASE_POOL_MAX: "5",
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    SESSION_SECRET: "cluster-test-session-secret-0123456789abcdef",
    SECRETS_KEY: "c1".repeat(32),
    WORKER_CONCURRENCY: "2",
    RATE_LIMIT_ATTEMPTS: "5",
    RATE_LIMIT_IP_ATTEMPTS: "10000",
    SHUTDOWN_TIMEOUT_SECONDS: "30",
    ...Object.fromEntries(Object.entries(services.s3).map(([name, value]) => [name, String(value)])),
  };
  // Each process gets its own DATA_DIR, as separate machines have: a file kept on
  // local disk by mistake would not be found by the other process.
  const processEnv = (name: string, extra: Record<string, string> = {}) => {
    const dataDir = join(logDir, name);
    mkdirSync(dataDir, { recursive: true });
    return { ...env, DATA_DIR: dataDir, ...extra };
  };

  step("Migrating and seeding the cluster's database");
  for (const command of ["migrate", "seed"]) {
    const result = spawnSync(process.execPath, ["build/server/db-cli.js", command], {
      env: { ...process.env, ...processEnv("db-cli"), NODE_ENV: "development" },
      encoding: "utf8",
    });
    assert.equal(result.status, 0, `db ${command}: ${result.stderr}`);
  }

  const db = postgres(services.databaseUrl, { max: 2, onnotice: () => undefined });
  const redisConnection = { host: "127.0.0.1", port: ports.redis, maxRetriesPerRequest: null };
  const queue = (name: string) => new Queue(name, { connection: redisConnection, prefix: queuePrefix });
  const exportsQueue = queue("exports");

  step("Starting two web processes and two workers");
  const webs = ports.web.map((port, index) => new WebClient(`web ${index + 1}`, `http://127.0.0.1:${port}`));
  const startWeb = (index: number) =>
    startProcess(`web-${index + 1}`, "build/server/index.js", processEnv(`web-${index + 1}`, { PORT: String(ports.web[index]), HOST: "127.0.0.1" }), join(logDir, `web-${index + 1}.log`));
  const startWorker = (index: number) => startProcess(`worker-${index + 1}`, "build/server/worker.js", processEnv(`worker-${index + 1}`), join(logDir, `worker-${index + 1}.log`));
  running.push(startWeb(0), startWeb(1));
  const workers = [startWorker(0), startWorker(1)];
  running.push(...workers);
  for (const web of webs) await waitFor(`${web.name} to be ready`, async () => (await web.readiness()).ready);
  const [web1, web2] = webs as [WebClient, WebClient];

  step("A session made on web 1 works on web 2");
  const owner = new CookieJar();
  const signIn = await web1.request("/login", { form: { email: "owner@acme.example", password, redirectTo: "" }, jar: owner });
  assert.equal(signIn.status, 302, "signing in on web 1 redirects");
  const page = await web2.request(`/c/${company}/audit/exports`, { jar: owner });
  assert.equal(page.status, 200, "web 2 serves the audit exports page to web 1's session");
  assert.match(await page.text(), /Audit exports/);

  step("The sign-in limit is shared: five wrong passwords across both, then 429 from either");
  const limited: number[] = [];
  for (let attempt = 0; attempt < 7; attempt++) {
    const response = await webs[attempt % 2]!.request("/login", { form: { email: "admin@acme.example", password: "not-the-password", redirectTo: "" } });
    limited.push(response.status);
  }
  assert.ok(limited.slice(0, 5).every((status) => status !== 429), `the first five attempts are refused, not limited: ${limited.join(", ")}`);
  assert.deepEqual(limited.slice(5), [429, 429], `the sixth and seventh, on web 2 and web 1, are limited: ${limited.join(", ")}`);

  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
  const requestExport = async (web: WebClient, format = "csv") => {
    const response = await web.request(`/c/${company}/audit/exports`, { form: { intent: "request", from: monthAgo, to: today, format }, jar: owner });
    assert.equal(response.status, 302, `${web.name} accepts the export request`);
    const [row] = await db<{ id: string }[]>`select id from audit_exports order by created_at desc, id desc limit 1`;
    return row!.id;
  };
  const exportDone = (id: string) => waitFor(`export ${id} to be done`, async () => {
    const [row] = await db<{ status: string }[]>`select status from audit_exports where id = ${id}`;
    return row?.status === "done";
  }, 120_000);
  const requested: string[] = [];

  step("An audit export requested on web 1 is built by a worker and downloaded from web 2");
  const firstExport = await requestExport(web1);
  requested.push(firstExport);
  await exportDone(firstExport);
  const download = await web2.request(`/c/${company}/audit/exports/${firstExport}/download`, { jar: owner });
  assert.equal(download.status, 200, "web 2 serves the file a worker wrote");
  const csv = await download.text();
  assert.match(csv.split("\n")[0]!, /^seq,/, "the file is the audit log's CSV");
  const anonymous = await web2.request(`/c/${company}/audit/exports/${firstExport}/download`);
  assert.equal(anonymous.status, 302, "without a session the download sends to sign-in");
  const objects = await s3ClientFor(services.s3).send(new ListObjectsV2Command({ Bucket: services.s3.S3_BUCKET, Prefix: "audit-exports/" }));
  assert.ok(objects.Contents?.some((object) => object.Key?.includes(firstExport)), "the file is in the bucket");

  step("A scheduled report runs once across both workers");
  const [ownerRow] = await db<{ id: string }[]>`select id from users where email = 'owner@acme.example'`;
  const [report] = await db<{ id: string }[]>`select id from saved_reports order by created_at limit 1`;
  const created = await web1.request(`/c/${company}/reports/schedules/new`, {
    form: { intent: "create", reportId: report!.id, frequency: "weekly", weekday: "1", hour: "9", recipientIds: [ownerRow!.id] },
    jar: owner,
  });
  assert.equal(created.status, 302, "web 1 creates the schedule");
  const [schedule] = await db<{ id: string }[]>`select id from report_schedules order by created_at desc limit 1`;
  const scheduledJobs = async () => (await exportsQueue.getDelayed()).filter((job) => job.name === "send-scheduled-report" && (job.data as { scheduleId?: string }).scheduleId === schedule!.id);
  const [due] = await waitFor("the schedule's next run to be queued", async () => {
    const jobs = await scheduledJobs();
    return jobs.length > 0 ? jobs : undefined;
  });
  assert.equal((await scheduledJobs()).length, 1, "one job for the next run, though both workers keep the schedulers");
  // The hour arrives: the job is due now, and whichever worker is free takes it.
  await due!.promote();
  await waitFor("the run to finish", async () => (await exportsQueue.getJobState(due!.id!)) === "completed", 120_000);
  assert.deepEqual(
    (await scheduledJobs()).map((job) => job.id === due!.id),
    [false],
    "one job again, for the run after this one",
  );
  const [runs] = await db<{ count: number }[]>`select count(*)::int as count from report_schedule_runs where schedule_id = ${schedule!.id}`;
  assert.equal(runs!.count, 1, "the period was sent once");
  const reportMails = await waitFor("the report's email", async () => {
    const [row] = await db<{ count: number }[]>`select count(*)::int as count from dev_mailbox where subject like '%Hours by project%'`;
    return row!.count > 0 ? row!.count : undefined;
  });
  assert.equal(reportMails, 1, "one email for one recipient");

  step("SIGTERM to a worker mid-job loses nothing and sends nothing twice");
  const batch: string[] = [];
  for (let index = 0; index < 16; index++) batch.push(await requestExport(webs[index % 2]!, index % 2 ? "jsonl" : "csv"));
  requested.push(...batch);
  // Three jobs running means worker 1 has at least one: each takes two at a time.
  await waitFor("both workers to be busy", async () => (await exportsQueue.getActiveCount()) >= 3, 60_000, 10);
  const stopped = await workers[0]!.stop();
  assert.equal(stopped, 0, "worker 1 finished its jobs and exited cleanly");
  running.splice(running.indexOf(workers[0]!), 1);
  for (const id of batch) await exportDone(id);
  workers[0] = startWorker(0);
  running.push(workers[0]);

  step("Redis restarts mid-run");
  await services.stopRedis();
  const redisDown = Date.now();
  for (const web of webs) {
    const readiness = await waitFor(`${web.name} to report Redis down`, async () => {
      const report = await web.readiness();
      return !report.ready && report.checks.redis?.ok === false ? report : undefined;
    });
    assert.equal(readiness.checks.database?.ok, true);
  }
  // The request is kept in Postgres (the outbox) until Redis is back.
  const duringRedis = await requestExport(web2);
  requested.push(duringRedis);
  await services.startRedis();
  const redisUp = Date.now();
  for (const web of webs) await waitFor(`${web.name} to be ready again`, async () => (await web.readiness()).ready);
  const redisReady = Date.now();
  await exportDone(duringRedis);
  figures.push(
    ["Redis down for (ms)", redisUp - redisDown],
    ["after the Redis restart, both web processes ready in (ms)", redisReady - redisUp],
    ["after the Redis restart, the export requested while it was down built in (ms)", Date.now() - redisUp],
  );

  step("Postgres restarts mid-run");
  services.stopPostgres();
  const postgresDown = Date.now();
  for (const web of webs) {
    await waitFor(`${web.name} to report the database down`, async () => {
      const report = await web.readiness();
      return !report.ready && report.checks.database?.ok === false;
    });
    const refused = await web.request(`/c/${company}/audit/exports`, { jar: owner, timeoutMs: 20_000 });
    assert.ok(refused.status >= 500, `${web.name} answers an error page while the database is away (got ${refused.status})`);
    assert.ok(!/at \w+ \(/.test(await refused.text()), "the error page shows no stack trace");
  }
  services.startPostgres();
  const postgresUp = Date.now();
  for (const web of webs) await waitFor(`${web.name} to be ready again`, async () => (await web.readiness()).ready);
  const postgresReady = Date.now();
  const afterRestart = await requestExport(web1);
  requested.push(afterRestart);
  await exportDone(afterRestart);
  const again = await web2.request(`/c/${company}/audit/exports/${afterRestart}/download`, { jar: owner });
  assert.equal(again.status, 200, "the session and the files outlived the restart");
  figures.push(
    ["Postgres down for (ms)", postgresUp - postgresDown],
    ["after the Postgres restart, both web processes ready in (ms)", postgresReady - postgresUp],
    ["after the Postgres restart, a new export built and downloaded in (ms)", Date.now() - postgresReady],
  );

  step("Nothing lost, nothing twice");
  const [lost] = await db<{ count: number }[]>`select count(*)::int as count from audit_exports where id = any(${requested}::uuid[]) and status <> 'done'`;
  await waitFor("every export's email to be sent", async () => {
    const [waiting] = await db<{ count: number }[]>`
      select count(*)::int as count from audit_exports e
       where e.id = any(${requested}::uuid[]) and not exists (select 1 from dev_mailbox m where m.html like '%' || e.id || '%')`;
    return waiting!.count === 0;
  });
  // Each export tells its requester once: one notification and one email, wherever its job ran.
  const duplicates = await db<{ id: string; mails: number; notes: number }[]>`
    select * from (
      select e.id, (select count(*) from dev_mailbox m where m.html like '%' || e.id || '%')::int as mails,
             (select count(*) from notifications n where n.link like '%' || e.id || '%')::int as notes
        from audit_exports e where e.id = any(${requested}::uuid[])) counted
     where mails <> 1 or notes <> 1`;
  assert.equal(lost!.count, 0, "every export requested was built");
  assert.deepEqual([...duplicates], [], "every export's notification and email were sent exactly once");
  let jobsRun = 0;
  for (const name of ["email", "exports", "maintenance"]) {
    const counts = await queue(name).getJobCounts("completed");
    jobsRun += counts.completed ?? 0;
  }
  for (const web of webs) figures.push([`requests served by ${web.name}`, web.served]);
  figures.push(
    ["exports requested and built", requested.length],
    ["jobs run (completed in BullMQ)", jobsRun],
    ["lost", lost!.count],
    ["duplicates (exports told twice, periods sent twice)", duplicates.length + (runs!.count - 1)],
  );
  await db.end();
  console.log("\nCluster test passed.");
  for (const [label, value] of figures) console.log(`  ${label}: ${value}`);
} catch (error) {
  console.error("\nCluster test failed:", error);
  console.error(`Process logs: ${logDir}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  if (process.exitCode !== 1) rmSync(logDir, { recursive: true, force: true });
  // BullMQ's connections would keep the process alive.
  process.exit(process.exitCode ?? 0);
}
