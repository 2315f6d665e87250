import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { withTenant, type TenantContext } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import { createDevMailbox } from "../emails/dev-mailbox.server";
import { createMailer, type Mailer } from "../emails/mailer.server";
import type { CompanyEmailMessage } from "../emails/messages";
import { queueEmail } from "./outbox";
import { relayOutbox } from "./outbox-relay";
import { claimPendingOutboxRows } from "./outbox-store";
import { startJobProcessing } from "./processing";
import { createProcessors } from "./processors";
import { jobs } from "./queues";
import { createBullmqRunner } from "./runners/bullmq";
import { deferred, eventually, testLogger } from "./testing/helpers";
import { deleteKeys, startPrivateRedis, testRedisUrl, uniquePrefix } from "./testing/redis";

/** The outbox through real BullMQ: outages, crashed relays, and the worker's shutdown. */
const appUrl = "http://hourbook.test";
let db: TestDatabase;
let member: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  member = await createMember(db, await createCompany(db, "Redis Outage Ltd"), "employee");
});
afterAll(() => db.close());
beforeEach(async () => {
  await db.query(sql`delete from outbox`);
  await db.query(sql`delete from dev_mailbox`);
});

function reminder(week: string): CompanyEmailMessage {
  return {
    to: "employee@example.com",
    template: "timesheet-reminder",
    props: { weekStart: week },
  };
}

const devMailer = () =>
  createMailer({ from: "Hourbook <no-reply@hourbook.test>", resendApiKey: undefined, db, logger: testLogger, appUrl });

function runnerOn(redisUrl: string, prefix: string) {
  return createBullmqRunner({ catalog: jobs, redisUrl, prefix, logger: testLogger, retry: { attempts: 3, backoffMs: 20 } });
}

const pendingRows = async () =>
  (await db.query<{ count: number }>(sql`select count(*)::int as count from outbox where enqueued_at is null`))[0]?.count;

describe("the outbox with BullMQ", () => {
  it("keeps rows written while Redis is unreachable and delivers each once when it is back", async () => {
    const redis = await startPrivateRedis();
    const runner = runnerOn(redis.url, uniquePrefix("outage"));
    const processing = await startJobProcessing({
      db,
      runner,
      logger: testLogger,
      concurrency: 5,
      processors: createProcessors({ db, mailer: devMailer(), appUrl, logger: testLogger }),
      relay: { intervalMs: 20, enqueueTimeoutMs: 300 },
    });
    try {
      await redis.stop();
      const ids = await withTenant(db, member, async (tx) => [
        await queueEmail(tx, reminder("2025-11-03")),
        await queueEmail(tx, reminder("2025-11-10")),
        await queueEmail(tx, reminder("2025-11-17")),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 800)); // several relay rounds fail meanwhile
      expect(await pendingRows()).toBe(3);
      expect(await createDevMailbox(db).list()).toEqual([]);

      await redis.start();
      const mailbox = createDevMailbox(db);
      await eventually(async () => (await mailbox.list()).length === 3, 20_000);
      expect((await mailbox.list()).map((m) => m.id).sort()).toEqual([...ids].sort());
      // The relay marks rows after enqueueing them, so a fast worker can deliver first.
      await eventually(async () => (await pendingRows()) === 0, 5_000);
    } finally {
      await processing.stop();
      await redis.stop();
    }
    // Its own waits add up to ~26 s (a stopped and restarted redis-server, the relay's
    // reconnection, 20 s for delivery): the suite's 30 s left no margin on a busy machine.
  }, 60_000);

  it("adds no second job when a relay that died after enqueueing is followed by another", async () => {
    const redisUrl = testRedisUrl();
    const prefix = uniquePrefix("relay-crash");
    const runner = runnerOn(redisUrl, prefix);
    try {
      const id = await withTenant(db, member, (tx) => queueEmail(tx, reminder("2025-11-24")));
      const claimed = await claimPendingOutboxRows(db, { limit: 10, leaseSeconds: 0.1 });
      await runner.enqueueMany(
        claimed.map((row) => ({ name: "send-email", payload: { outboxId: row.id, companyId: row.companyId }, jobId: row.id })),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await relayOutbox({ db, runner, logger: testLogger })).toBe(1);

      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue("email", { connection, prefix });
      const queued = await queue.getJobs(["waiting", "delayed", "active", "completed"]);
      expect(queued.map((job) => job.id)).toEqual([id]);
      expect(queued[0]?.data).toEqual({ outboxId: id, companyId: member.companyId });
      await queue.close();
      connection.disconnect();
    } finally {
      await runner.close();
      await deleteKeys(redisUrl, prefix);
    }
  });

  it("lets the job a worker is running finish when the worker shuts down", async () => {
    const redisUrl = testRedisUrl();
    const prefix = uniquePrefix("shutdown");
    const started = deferred();
    const release = deferred();
    const inner = devMailer();
    const slowMailer: Mailer = {
      transport: inner.transport,
      async send(email) {
        started.resolve();
        await release.promise;
        await inner.send(email);
      },
    };
    const processing = await startJobProcessing({
      db,
      runner: runnerOn(redisUrl, prefix),
      logger: testLogger,
      concurrency: 1,
      processors: createProcessors({ db, mailer: slowMailer, appUrl, logger: testLogger }),
      relay: { intervalMs: 20 },
    });
    try {
      const id = await withTenant(db, member, (tx) => queueEmail(tx, reminder("2025-12-01")));
      await started.promise;

      let stopped = false;
      const stopping = processing.stop().then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stopped).toBe(false);
      release.resolve();
      await stopping;

      expect(await createDevMailbox(db).get(id)).not.toBeNull();
      const [row] = await db.query<{ processed: boolean }>(
        sql`select processed_at is not null as processed from outbox where id = ${id}`,
      );
      expect(row?.processed).toBe(true);
    } finally {
      release.resolve();
      await processing.stop().catch(() => undefined);
      await deleteKeys(redisUrl, prefix);
    }
  });
});
