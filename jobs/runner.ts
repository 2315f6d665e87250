import type { z } from "zod";
import type { JobCatalog, JobPayload, ProductJobs } from "./queues";

/**
 * What the rest of the product sees of background jobs. Two implementations share
 * the catalog, the processors and the retry policy: BullMQ when REDIS_URL is set
 * (runners/bullmq.ts) and, without Redis, a runner inside the web process that
 * keeps its jobs in the database (runners/in-process.ts). createJobRunner picks one.
 */

// BullMQ recognises it by name as well as by class, so the in-process runner can
// use the same class and processors throw one thing in both modes.
export { UnrecoverableError } from "bullmq";

export interface JobInfo<Payload = unknown> {
  id: string;
  name: string;
  queue: string;
  data: Payload;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /**
   * For a job a schedule made (always for cron schedules; BullMQ also sets it for
   * interval ones): the instant it was due. A run that works out
   * "the period just ended" from it reports the same period however late it runs
   * or however often it is retried.
   */
  scheduledAt?: Date;
}

/** One processor per job; it must be idempotent, since a job can run again after a crash. */
export type Processor<Payload = unknown> = (job: JobInfo<Payload>) => Promise<void>;

export type Processors<C extends JobCatalog = ProductJobs> = { [N in keyof C]: Processor<JobPayload<C, N>> };

export type JobRequest<C extends JobCatalog = ProductJobs> = {
  [N in keyof C & string]: {
    name: N;
    payload: z.input<C[N]["payload"]>;
    /** Enqueueing an id that is already known adds nothing (the outbox uses its row id). */
    jobId?: string;
    delayMs?: number;
  };
}[keyof C & string];

export interface FailedJob {
  id: string;
  queue: string;
  name: string;
  /** The last attempt's error message. */
  error: string;
  attempts: number;
  failedAt: Date | null;
}

export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * A repeating job: every `every` milliseconds, or at the times a cron `pattern`
 * names on the clock of the IANA timezone `tz` (BullMQ's pattern, cron-parser's
 * syntax; five fields, minute first).
 */
export type Schedule = { every: number } | { pattern: string; tz: string };

/** A schedule as the runner holds it, with its next run when known. */
export interface ScheduleInfo {
  id: string;
  schedule: Schedule;
  next: Date | null;
}

export interface WorkOptions {
  concurrency: number;
  concurrencyByQueue?: Readonly<Partial<Record<string, number>>>;
}

export function concurrencyOf(options: WorkOptions, queue: string): number {
  return options.concurrencyByQueue?.[queue] ?? options.concurrency;
}

export interface JobRunner<C extends JobCatalog = ProductJobs> {
  readonly kind: "bullmq" | "in-process";
  readonly catalog: C;
  /** Validates the payload against its schema (a JobPayloadError names every problem) and adds the job. */
  enqueue(request: JobRequest<C>): Promise<string>;
  /** Several at once (the relay's batches); validated first, so a bad one adds none. */
  enqueueMany(requests: JobRequest<C>[]): Promise<void>;
  /**
   * Create or update a repeating job. Every process may call this at start-up with
   * the same id: the schedule exists once, and each run is one job, not one per process.
   */
  upsertSchedule(
    schedulerId: string,
    schedule: Schedule,
    job: Omit<JobRequest<C>, "jobId" | "delayMs">,
  ): Promise<void>;
  /** Stop a repeating job; jobs it already made stay. False when there was no such schedule. */
  removeSchedule(schedulerId: string): Promise<boolean>;
  /** The schedules whose ids start with `prefix`, for reconciling them with what the database says. */
  listSchedules(prefix: string): Promise<ScheduleInfo[]>;
  /** Start taking jobs of every queue in the catalog, `concurrency` at a time per queue unless the queue has its own. */
  work(processors: Processors<C>, options: WorkOptions): void;
  /** A company's jobs that used up their attempts (payloads carry companyId), newest first. */
  listFailed(companyId: string, limit?: number): Promise<FailedJob[]>;
  /** Run a company's failed job again with fresh attempts; false when there is no such failed job. */
  retryFailed(companyId: string, jobId: string): Promise<boolean>;
  counts(): Promise<QueueCounts[]>;
  /** Stop taking jobs and wait for the ones running to finish. */
  close(): Promise<void>;
}

export function queuesOf(catalog: JobCatalog): string[] {
  return [...new Set(Object.values(catalog).map((definition) => definition.queue))];
}

/** The company a job belongs to, when its payload names one. */
export function companyOf(data: unknown): string | null {
  if (typeof data !== "object" || data === null || !("companyId" in data)) return null;
  return typeof data.companyId === "string" ? data.companyId : null;
}
