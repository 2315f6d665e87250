import { randomUUID } from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import { join, sql } from "../../db/sql";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { executeJob, isUnrecoverable } from "../execute";
import {
  backoffDelay,
  defaultRetryPolicy,
  definitionOf,
  parseJobPayload,
  retention,
  type JobCatalog,
  type RetryPolicy,
} from "../queues";
import {
  concurrencyOf,
  queuesOf,
  type JobInfo,
  type JobRequest,
  type JobRunner,
  type Processor,
  type Processors,
  type Schedule,
  type WorkOptions,
} from "../runner";
import { throttled } from "./throttled";
import { createWakeup } from "./wakeup";

export interface InProcessRunnerOptions<C extends JobCatalog> {
  catalog: C;
  /** The owner connection: the job store (in_process_jobs) belongs to no company. */
  db: Database;
  logger: Logger;
  retry?: RetryPolicy;
  /** How often to look for jobs that became due without this process hearing of it. */
  pollIntervalMs?: number;
  /** An active job whose process stops renewing this lease counts as abandoned and runs again. */
  lockMs?: number;
}

interface ClaimedJob {
  id: string;
  name: string;
  queue: string;
  data: unknown;
  attemptsMade: number;
  maxAttempts: number;
  backoffMs: number;
}

const cleanupIntervalMs = 60_000;

/** setTimeout's longest delay (2^31 - 1 ms); a longer one fires at once. */
const maxTimerMs = 2 ** 31 - 1;

interface ArmedSchedule {
  schedule: Schedule;
  next: Date | null;
  timer: NodeJS.Timeout | undefined;
}

/** The first instant after `after` (ms) that the pattern names on its zone's clock, in ms. */
function nextCronRun(schedule: { pattern: string; tz: string }, after: number): number {
  return CronExpressionParser.parse(schedule.pattern, { tz: schedule.tz, currentDate: new Date(after) })
    .next()
    .getTime();
}

/** A job a cron schedule made is named `<scheduler id>@<due millis>` (see upsertSchedule). */
function dueInstant(jobId: string): Date | undefined {
  const millis = /^.+@(\d+)$/.exec(jobId)?.[1];
  return millis ? new Date(Number(millis)) : undefined;
}

/**
 * The runner for the embedded default (no REDIS_URL): the same catalog, processors
 * and retry policy as BullMQ, inside the web process, with jobs kept in the
 * database. A restart therefore loses nothing, and several processes on one Postgres
 * share the jobs (`for update skip locked`) instead of running them twice.
 */
export function createInProcessRunner<C extends JobCatalog>(options: InProcessRunnerOptions<C>): JobRunner<C> {
  const { catalog, db, logger } = options;
  const retry = options.retry ?? defaultRetryPolicy;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const lockSeconds = (options.lockMs ?? 5 * 60_000) / 1000;
  const queues = queuesOf(catalog);
  const running = new Map(queues.map((queue) => [queue, new Set<Promise<void>>()]));
  const wakeup = createWakeup();
  const timers = new Set<NodeJS.Timeout>();
  const schedules = new Map<string, ArmedSchedule>();
  const warn = throttled((error: unknown) => logger.warn({ err: error }, "In-process job runner: database error"), 30_000);
  let processors: Partial<Record<string, Processor>> = {};
  let workOptions: WorkOptions = { concurrency: 0 };
  let loop: Promise<void> | undefined;
  let closing = false;
  let lastCleanup = 0;
  // A schedule's job being written when close() is called: close waits for it, so a
  // closed runner never adds a job afterwards.
  const firing = new Set<Promise<unknown>>();

  /** Wake the loop after `ms`, for a retry this process scheduled itself. */
  function wakeAfter(ms: number) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      wakeup.wake();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  async function insert(requests: JobRequest<C>[]): Promise<string[]> {
    if (requests.length === 0) return [];
    const rows = requests.map((request) => {
      const data = parseJobPayload(catalog, request.name, request.payload);
      const id = request.jobId ?? randomUUID();
      const delaySeconds = (request.delayMs ?? 0) / 1000;
      return {
        id,
        values: sql`(${id}, ${definitionOf(catalog, request.name).queue}, ${request.name}, ${data as Record<string, unknown>},
          ${retry.attempts}, ${retry.backoffMs}, now() + make_interval(secs => ${delaySeconds}))`,
      };
    });
    await db.query(sql`
      insert into in_process_jobs (id, queue, name, data, max_attempts, backoff_ms, run_at)
      values ${join(
        rows.map((row) => row.values),
        ", ",
      )}
      on conflict (id) do nothing`);
    for (const request of requests) if (request.delayMs) wakeAfter(request.delayMs);
    wakeup.wake();
    return rows.map((row) => row.id);
  }

  function claim(queue: string, limit: number): Promise<ClaimedJob[]> {
    return db.query<ClaimedJob>(sql`
      update in_process_jobs job
         set status = 'active', locked_until = now() + make_interval(secs => ${lockSeconds})
        from (select id from in_process_jobs
               where queue = ${queue}
                 and ((status = 'waiting' and run_at <= now()) or (status = 'active' and locked_until < now()))
               order by run_at, id
               limit ${limit}
               for update skip locked) due
       where job.id = due.id
      returning job.id, job.name, job.queue, job.data, job.attempts_made as "attemptsMade",
                job.max_attempts as "maxAttempts", job.backoff_ms as "backoffMs"`);
  }

  async function recordSuccess(job: ClaimedJob) {
    await db.query(sql`
      update in_process_jobs set status = 'completed', finished_at = now(), locked_until = null
       where id = ${job.id}`);
  }

  async function recordFailure(job: ClaimedJob, error: unknown) {
    const attemptsMade = job.attemptsMade + 1;
    const reason = error instanceof Error ? error.message : String(error);
    if (isUnrecoverable(error) || attemptsMade >= job.maxAttempts) {
      await db.query(sql`
        update in_process_jobs
           set status = 'failed', attempts_made = ${attemptsMade}, failed_reason = ${reason},
               finished_at = now(), locked_until = null
         where id = ${job.id}`);
      return;
    }
    const delayMs = backoffDelay({ attempts: job.maxAttempts, backoffMs: job.backoffMs }, attemptsMade);
    await db.query(sql`
      update in_process_jobs
         set status = 'waiting', attempts_made = ${attemptsMade}, failed_reason = ${reason},
             run_at = now() + make_interval(secs => ${delayMs / 1000}), locked_until = null
       where id = ${job.id}`);
    wakeAfter(delayMs);
  }

  function start(job: ClaimedJob) {
    const info: JobInfo = {
      id: job.id,
      name: job.name,
      queue: job.queue,
      data: job.data,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.maxAttempts,
      scheduledAt: dueInstant(job.id),
    };
    // Renew the lease while the processor runs, so only a job whose process died is taken over.
    const heartbeat = setInterval(() => {
      db.query(sql`
        update in_process_jobs set locked_until = now() + make_interval(secs => ${lockSeconds})
         where id = ${job.id} and status = 'active'`).catch(warn);
    }, (lockSeconds * 1000) / 2);
    heartbeat.unref();
    const jobs = running.get(job.queue);
    const run: Promise<void> = executeJob(info, catalog, processors, logger)
      .then(
        () => recordSuccess(job),
        (error: unknown) => recordFailure(job, error),
      )
      // The lease lapses and the job runs again: better twice (processors are idempotent) than never.
      .catch((error: unknown) => logger.error({ err: error, jobId: job.id }, "Could not record a job's outcome"))
      .finally(() => {
        clearInterval(heartbeat);
        jobs?.delete(run);
        wakeup.wake();
      });
    jobs?.add(run);
  }

  async function removeExpired() {
    if (Date.now() - lastCleanup < cleanupIntervalMs) return;
    lastCleanup = Date.now();
    await db.query(sql`
      delete from in_process_jobs
       where (status = 'completed' and finished_at < now() - make_interval(secs => ${retention.completedSeconds}))
          or (status = 'failed' and finished_at < now() - make_interval(secs => ${retention.failedSeconds}))`);
  }

  async function runLoop() {
    while (!closing) {
      let claimed = 0;
      try {
        for (const [queue, jobs] of running) {
          const free = concurrencyOf(workOptions, queue) - jobs.size;
          if (free <= 0 || closing) continue;
          const due = await claim(queue, free);
          for (const job of due) start(job);
          claimed += due.length;
        }
        await removeExpired();
      } catch (error) {
        warn(error);
      }
      if (claimed === 0 && !closing) await wakeup.wait(pollIntervalMs);
    }
  }

  return {
    kind: "in-process",
    catalog,

    async enqueue(request) {
      const [id] = await insert([request]);
      return id ?? "";
    },

    async enqueueMany(requests) {
      await insert(requests);
    },

    async upsertSchedule(schedulerId, schedule, request) {
      parseJobPayload(catalog, request.name, request.payload);
      if (!("every" in schedule)) nextCronRun(schedule, Date.now()); // a bad pattern or zone throws here, not in a timer
      clearTimeout(schedules.get(schedulerId)?.timer);
      const entry: ArmedSchedule = { schedule, next: null, timer: undefined };
      schedules.set(schedulerId, entry);
      const fire = (jobId: string) => {
        const written = insert([{ ...request, jobId } as JobRequest<C>]).catch(warn);
        firing.add(written);
        void written.finally(() => firing.delete(written));
      };
      // Timers can't wait longer than about 24.8 days; a monthly run waits in steps.
      const wait = (at: number, then: () => void) => {
        const delay = at - Date.now();
        const timer = setTimeout(delay > maxTimerMs ? () => wait(at, then) : then, Math.max(0, Math.min(delay, maxTimerMs)));
        timer.unref();
        entry.timer = timer;
      };

      if ("every" in schedule) {
        // One job per slot of `every` ms, named after the slot's instant as a cron
        // run is: processes sharing a database that fire the same slot add one job
        // between them, and the processor reads the instant back as scheduledAt.
        const every = schedule.every;
        const nextSlot = (after: number) => Math.max(after + 1, Math.floor(Date.now() / every) + 1);
        // The slot is fixed when the timer is set: timers fire a little early or late,
        // and two processes must still agree on which run this is.
        const arm = (slot: number) => {
          entry.next = new Date(slot * every);
          wait(slot * every, () => {
            fire(`${schedulerId}@${slot * every}`);
            if (!closing) arm(nextSlot(slot));
          });
        };
        arm(nextSlot(0));
        return;
      }
      // Named after the due instant, as BullMQ names a scheduler's jobs: two processes
      // add one job, and the processor reads the instant back as scheduledAt.
      const arm = (due: number) => {
        entry.next = new Date(due);
        wait(due, () => {
          fire(`${schedulerId}@${due}`);
          if (!closing) arm(nextCronRun(schedule, Math.max(due, Date.now())));
        });
      };
      arm(nextCronRun(schedule, Date.now()));
    },

    async removeSchedule(schedulerId) {
      const entry = schedules.get(schedulerId);
      if (!entry) return false;
      clearTimeout(entry.timer);
      schedules.delete(schedulerId);
      return true;
    },

    async listSchedules(prefix) {
      return [...schedules]
        .filter(([id]) => id.startsWith(prefix))
        .map(([id, entry]) => ({ id, schedule: entry.schedule, next: entry.next }));
    },

    work(given: Processors<C>, options) {
      if (loop) throw new Error("The in-process runner is already working");
      processors = given as Partial<Record<string, Processor>>;
      workOptions = options;
      loop = runLoop();
    },

    async listFailed(companyId, limit = 50) {
      return db.query(sql`
        select id, queue, name, coalesce(failed_reason, '') as error, attempts_made as attempts, finished_at as "failedAt"
          from in_process_jobs
         where status = 'failed' and queue = any(${queues}::text[]) and data->>'companyId' = ${companyId}
         order by finished_at desc, id
         limit ${limit}`);
    },

    async retryFailed(companyId, jobId) {
      const retried = await db.query(sql`
        update in_process_jobs
           set status = 'waiting', attempts_made = 0, run_at = now(), failed_reason = null, finished_at = null
         where id = ${jobId} and status = 'failed' and queue = any(${queues}::text[])
           and data->>'companyId' = ${companyId}
        returning id`);
      wakeup.wake();
      return retried.length > 0;
    },

    async counts() {
      const rows = await db.query<{ queue: string; waiting: number; active: number; delayed: number; failed: number }>(sql`
        select queue,
               count(*) filter (where status = 'waiting' and run_at <= now())::int as waiting,
               count(*) filter (where status = 'active')::int as active,
               count(*) filter (where status = 'waiting' and run_at > now())::int as delayed,
               count(*) filter (where status = 'failed')::int as failed
          from in_process_jobs
         where queue = any(${queues}::text[]) and status <> 'completed'
         group by queue`);
      const byQueue = new Map(rows.map((row) => [row.queue, row]));
      return queues.map((queue) => byQueue.get(queue) ?? { queue, waiting: 0, active: 0, delayed: 0, failed: 0 });
    },

    async close() {
      closing = true;
      for (const timer of [...timers, ...[...schedules.values()].map((entry) => entry.timer)]) clearTimeout(timer);
      wakeup.wake();
      await loop;
      await Promise.all([...firing, ...[...running.values()].flatMap((jobs) => [...jobs])]);
    },
  };
}
