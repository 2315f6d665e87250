import { Queue, Worker, type Job, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../../platform/logger";
import { executeJob } from "../execute";
import {
  defaultRetryPolicy,
  definitionOf,
  parseJobPayload,
  retention,
  type JobCatalog,
  type RetryPolicy,
} from "../queues";
import {
  companyOf,
  concurrencyOf,
  queuesOf,
  type FailedJob,
  type JobRequest,
  type JobRunner,
  type Processor,
  type Schedule,
  type ScheduleInfo,
} from "../runner";
import { throttled } from "./throttled";

export interface BullmqRunnerOptions<C extends JobCatalog> {
  catalog: C;
  redisUrl: string;
  /** QUEUE_PREFIX: every key this runner writes starts with it. */
  prefix: string;
  logger: Logger;
  retry?: RetryPolicy;
}

/**
 * A job scheduler names each job `repeat:<scheduler id>:<due millis>` (BullMQ's
 * getSchedulerNextJobId), and a retry keeps the id, so the due instant survives it.
 */
function dueInstant(jobId: string | undefined): Date | undefined {
  const millis = /^repeat:.+:(\d+)$/.exec(jobId ?? "")?.[1];
  return millis ? new Date(Number(millis)) : undefined;
}

/** How many of a queue's failed jobs the operator page looks through for one company. */
const failedScanLimit = 1_000;

/**
 * Jobs through BullMQ on Redis. Producers fail fast while Redis is down (no
 * offline queue), so the outbox relay notices and keeps the rows for later instead
 * of piling commands up in memory; workers reconnect and carry on by themselves.
 */
export function createBullmqRunner<C extends JobCatalog>(options: BullmqRunnerOptions<C>): JobRunner<C> {
  const { catalog, prefix, logger } = options;
  const retry = options.retry ?? defaultRetryPolicy;
  const jobOptions: JobsOptions = {
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs },
    removeOnComplete: { age: retention.completedSeconds, count: retention.completedCount },
    removeOnFail: { age: retention.failedSeconds, count: retention.failedCount },
  };

  const warn = throttled((error: Error) => logger.warn({ err: error }, "Redis (jobs) unavailable"), 30_000);
  // Not lazy: BullMQ treats a failed first connect() as final, whereas a client that
  // is already (re)connecting simply becomes ready when Redis comes back.
  const producer = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  producer.on("error", warn);
  let consumer: Redis | undefined;

  const queues = new Map<string, Queue>();
  const queueFor = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: producer, prefix, defaultJobOptions: jobOptions });
      queue.on("error", warn);
      queues.set(name, queue);
    }
    return queue;
  };
  const allQueues = () => queuesOf(catalog).map(queueFor);
  const workers: Worker[] = [];

  function toBulk(request: JobRequest<C>) {
    const data = parseJobPayload(catalog, request.name, request.payload);
    const opts: JobsOptions = { ...jobOptions };
    if (request.jobId !== undefined) opts.jobId = request.jobId;
    if (request.delayMs !== undefined) opts.delay = request.delayMs;
    return { queue: definitionOf(catalog, request.name).queue, name: request.name, data, opts };
  }

  async function findFailed(companyId: string, jobId: string): Promise<Job | undefined> {
    for (const queue of allQueues()) {
      const job = await queue.getJob(jobId);
      if (job && companyOf(job.data) === companyId && (await job.getState()) === "failed") return job;
    }
    return undefined;
  }

  return {
    kind: "bullmq",
    catalog,

    async enqueue(request) {
      const { queue, name, data, opts } = toBulk(request);
      const job = await queueFor(queue).add(name, data, opts);
      return job.id ?? "";
    },

    async enqueueMany(requests) {
      const byQueue = new Map<string, ReturnType<typeof toBulk>[]>();
      for (const job of requests.map(toBulk)) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
      await Promise.all([...byQueue].map(([queue, jobs]) => queueFor(queue).addBulk(jobs)));
    },

    async upsertSchedule(schedulerId, schedule, request) {
      const { queue, name, data, opts } = toBulk(request);
      const target = queueFor(queue);
      // Every worker upserts at start. Re-upserting an unchanged scheduler whose next
      // job is already running makes BullMQ schedule one more, so leave it alone.
      const existing = await target.getJobScheduler(schedulerId);
      const repeat = "every" in schedule ? { every: schedule.every } : { pattern: schedule.pattern, tz: schedule.tz };
      const unchanged =
        existing !== undefined &&
        ("every" in schedule
          ? existing.every === schedule.every
          : existing.pattern === schedule.pattern && existing.tz === schedule.tz) &&
        existing.name === name &&
        JSON.stringify(existing.template?.data ?? {}) === JSON.stringify(data);
      if (unchanged) return;
      // A schedule moving to another queue (a renamed job) must not keep firing on the old one.
      for (const other of allQueues()) if (other !== target) await other.removeJobScheduler(schedulerId);
      await target.upsertJobScheduler(schedulerId, repeat, { name, data, opts });
    },

    async removeSchedule(schedulerId) {
      let removed = false;
      for (const queue of allQueues()) if (await queue.removeJobScheduler(schedulerId)) removed = true;
      return removed;
    },

    async listSchedules(prefix) {
      const found: ScheduleInfo[] = [];
      for (const queue of allQueues()) {
        for (const scheduler of await queue.getJobSchedulers()) {
          if (!scheduler.key.startsWith(prefix)) continue;
          const schedule: Schedule = scheduler.pattern
            ? { pattern: scheduler.pattern, tz: scheduler.tz ?? "UTC" }
            : { every: scheduler.every ?? 0 };
          found.push({ id: scheduler.key, schedule, next: scheduler.next ? new Date(scheduler.next) : null });
        }
      }
      return found;
    },

    work(processors, workOptions) {
      // Workers block on their own connection; BullMQ duplicates this one for that.
      consumer ??= new Redis(options.redisUrl, { maxRetriesPerRequest: null });
      consumer.on("error", warn);
      const byName = processors as Partial<Record<string, Processor>>;
      for (const queue of queuesOf(catalog)) {
        const worker = new Worker(
          queue,
          (job: Job) =>
            executeJob(
              {
                id: job.id ?? "",
                name: job.name,
                queue,
                data: job.data,
                attempt: job.attemptsMade + 1,
                maxAttempts: job.opts.attempts ?? 1,
                scheduledAt: job.repeatJobKey ? dueInstant(job.id) : undefined,
              },
              catalog,
              byName,
              logger,
            ),
          { connection: consumer, prefix, concurrency: concurrencyOf(workOptions, queue) },
        );
        worker.on("error", warn);
        workers.push(worker);
      }
    },

    async listFailed(companyId, limit = 50) {
      const found: FailedJob[] = [];
      for (const queue of allQueues()) {
        for (const job of await queue.getFailed(0, failedScanLimit - 1)) {
          if (companyOf(job.data) !== companyId) continue;
          found.push({
            id: job.id ?? "",
            queue: queue.name,
            name: job.name,
            error: job.failedReason,
            attempts: job.attemptsMade,
            failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
          });
        }
      }
      return found.sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0)).slice(0, limit);
    },

    async retryFailed(companyId, jobId) {
      const job = await findFailed(companyId, jobId);
      if (!job) return false;
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },

    async counts() {
      return Promise.all(
        allQueues().map(async (queue) => {
          const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed");
          return {
            queue: queue.name,
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
          };
        }),
      );
    },

    async close() {
      // Workers first: close() lets the jobs they are running finish and takes no new ones.
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      for (const connection of [producer, consumer]) {
        if (connection && connection.status !== "end") connection.disconnect();
      }
    },
  };
}
