import type { JobCatalog, ProductJobs } from "./queues";
import type { JobRequest, JobRunner, Schedule } from "./runner";

export interface ScheduledJob<C extends JobCatalog = ProductJobs> {
  /** Stable: a renamed schedule is a second schedule (remove the old one with BullMQ's removeJobScheduler). */
  id: string;
  schedule: Schedule;
  job: Omit<JobRequest<C>, "jobId" | "delayMs">;
}

/**
 * The product's repeating jobs. Every process that works jobs upserts them at
 * start; BullMQ keeps one scheduler per id in Redis (upsertJobScheduler) and the
 * in-process runner names each run after its time slot, so several processes
 * never fire the same run twice. None yet: timesheet reminders and scheduled
 * reports add theirs here, e.g.
 *   { id: "timesheet-reminders", schedule: { every: 60 * 60_000 }, job: { name: "send-timesheet-reminders", payload: {} } }
 */
export const productSchedules: ScheduledJob[] = [
  // Retention is counted in days; a few runs a day keep a log within hours of its limit.
  { id: "prune-audit-logs", schedule: { every: 6 * 60 * 60_000 }, job: { name: "prune-audit-logs", payload: {} } },
  // Export links expire by the day; an hourly sweep deletes a file within the hour.
  { id: "expire-audit-exports", schedule: { every: 60 * 60_000 }, job: { name: "expire-audit-exports", payload: {} } },
];

export async function upsertSchedules<C extends JobCatalog>(
  runner: JobRunner<C>,
  scheduled: readonly ScheduledJob<C>[],
): Promise<void> {
  for (const { id, schedule, job } of scheduled) await runner.upsertSchedule(id, schedule, job);
}
