/**
 * npm run bench:jobs: how fast no-op jobs get through outbox → relay → BullMQ →
 * processor, next to raw BullMQ (addBulk → worker) on the same Redis, and the ratio.
 *
 * Redis: REDIS_URL, else redis://127.0.0.1:6379, under a key prefix of its own that
 * is deleted afterwards. Postgres: a scratch database on DATABASE_URL's server
 * (created and dropped), else an in-memory PGlite. BENCH_JOBS sets the job count.
 */
import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import postgres from "postgres";
import { migrate } from "../db/migrate";
import { openPGlite } from "../db/pglite";
import { maskDatabaseUrl, openPostgres } from "../db/postgres";
import { join, sql } from "../db/sql";
import { createCompany } from "../db/testing/fixtures";
import { databaseUrlFor } from "../db/testing/postgres-admin";
import type { Database } from "../db/types";
import { startOutboxRelay } from "./outbox-relay";
import { outboxJobPayload } from "./queues";
import { createBullmqRunner } from "./runners/bullmq";
import { deleteKeys } from "./testing/redis";

const jobCount = Number(process.env.BENCH_JOBS ?? 5_000);
const concurrency = 50;
const phaseTimeoutMs = 60_000;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `hourbook-bench-${randomUUID().slice(0, 8)}`;
const logger = pino({ level: "silent" });
const benchCatalog = { noop: { queue: "bench", payload: outboxJobPayload } } as const;

function masked(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "****";
  return parsed.toString();
}

async function until(done: () => boolean, label: string): Promise<void> {
  const deadline = Date.now() + phaseTimeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${label}: not finished within ${phaseTimeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Raw BullMQ: addBulk the jobs, one worker drains them. */
async function rawBullmq(): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("raw", { connection, prefix });
  let processed = 0;
  const worker = new Worker(
    "raw",
    async () => {
      processed += 1;
    },
    { connection, prefix, concurrency },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < jobCount; i += 1_000) {
    const size = Math.min(1_000, jobCount - i);
    await queue.addBulk(Array.from({ length: size }, (_, j) => ({ name: "noop", data: { n: i + j } })));
  }
  await until(() => processed >= jobCount, "raw BullMQ");
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();
  connection.disconnect();
  return jobCount / seconds;
}

/** Outbox rows already committed (a backlog); the relay and the runner drain them. */
async function throughOutbox(db: Database): Promise<{ drained: number; written: number }> {
  const companyId = await createCompany(db, "Bench company");
  const writeStarted = performance.now();
  for (let i = 0; i < jobCount; i += 500) {
    const size = Math.min(500, jobCount - i);
    const rows = Array.from({ length: size }, () => sql`(${companyId}, ${randomUUID()}, 'noop', '{}')`);
    await db.query(sql`insert into outbox (company_id, id, job, payload) values ${join(rows, ", ")}`);
  }
  const written = jobCount / ((performance.now() - writeStarted) / 1000);

  const runner = createBullmqRunner({ catalog: benchCatalog, redisUrl, prefix, logger });
  let processed = 0;
  runner.work(
    {
      noop: async () => {
        processed += 1;
      },
    },
    { concurrency },
  );
  const started = performance.now();
  const relay = startOutboxRelay({ db, runner, logger, batchSize: 1_000, intervalMs: 10 });
  await until(() => processed >= jobCount, "outbox → BullMQ");
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  await runner.close();
  return { drained: jobCount / seconds, written };
}

async function openBenchDatabase(): Promise<{ db: Database; describe: string; dispose: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openPGlite();
    return { db, describe: "PGlite (in memory)", dispose: () => db.close() };
  }
  const name = `hourbook_bench_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  const url = databaseUrlFor(serverUrl, name);
  const db = openPostgres({ url, poolMax: 10, connectTimeoutSeconds: 5 });
  return {
    db,
    describe: `Postgres, scratch database ${maskDatabaseUrl(url)}`,
    async dispose() {
      await db.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  try {
    await migrate(database.db);
    console.log(`Redis:    ${masked(redisUrl)} (keys under ${prefix}:*, removed afterwards)`);
    console.log(`Database: ${database.describe}`);
    console.log(`Jobs:     ${jobCount} no-op jobs per run, worker concurrency ${concurrency}\n`);

    const raw = await rawBullmq();
    const { drained, written } = await throughOutbox(database.db);
    const pad = (value: number) => value.toFixed(0).padStart(8);
    console.log(`raw BullMQ (addBulk → worker)               ${pad(raw)} jobs/s`);
    console.log(`outbox → relay → BullMQ → processor         ${pad(drained)} jobs/s`);
    console.log(`ratio                                       ${(drained / raw).toFixed(2).padStart(8)}   (aim ≥ 0.50)`);
    console.log(`(writing the outbox rows, 500 per insert:   ${pad(written)} rows/s, not part of the ratio)`);
  } finally {
    await deleteKeys(redisUrl, prefix);
    await database.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
