import type { JobCatalog, ProductJobs } from "./queues";
import type { JobRequest, JobRunner, Schedule } from "./runner";

export interface ScheduledJob<C extends JobCatalog = ProductJobs> {
  /** Stable: a renamed schedule is a second schedule (remove the old one with runner.removeSchedule). */
  id: string;
  schedule: Schedule;
  job: Omit<JobRequest<C>, "jobId" | "delayMs">;
}

/**
 * The product's repeating jobs. Every process that works jobs upserts them at
 * start; BullMQ keeps one scheduler per id in Redis (upsertJobScheduler) and the
 * in-process runner names each run after its time slot, so several processes
 * never fire the same run twice. A job that must happen at a company's own hour
 * (reminders) runs often and decides from the clock whether it is due, which keeps
 * DST and per-company timezones out of the schedule.
 */
export const productSchedules: ScheduledJob[] = [
  // Retention is counted in days; a few runs a day keep a log within hours of its limit.
  { id: "prune-audit-logs", schedule: { every: 6 * 60 * 60_000 }, job: { name: "prune-audit-logs", payload: {} } },
  // Export links expire by the day; an hourly sweep deletes a file within the hour.
  { id: "expire-audit-exports", schedule: { every: 60 * 60_000 }, job: { name: "expire-audit-exports", payload: {} } },
  // Attachments are kept for days; twice a day is within hours of their limit.
  { id: "expire-report-files", schedule: { every: 12 * 60 * 60_000 }, job: { name: "expire-report-files", payload: {} } },
  // Reminders are set to the hour; every 5 minutes sends them within minutes of it.
  { id: "send-reminders", schedule: { every: 5 * 60_000 }, job: { name: "send-reminders", payload: {} } },
  // Budgets change only as time is logged; a quarter of an hour is soon enough to warn.
  { id: "check-budgets", schedule: { every: 15 * 60_000 }, job: { name: "check-budgets", payload: {} } },
  // Tokens expire to the second; an hourly sweep warns each within the hour of its 7 days.
  { id: "warn-expiring-api-tokens", schedule: { every: 60 * 60_000 }, job: { name: "warn-expiring-api-tokens", payload: {} } },
  // Idempotency keys are kept 24 hours; an hourly sweep removes each within the hour after.
  { id: "expire-idempotency-keys", schedule: { every: 60 * 60_000 }, job: { name: "expire-idempotency-keys", payload: {} } },
  // The first webhook retry waits a minute; a sweep every minute keeps each retry within a minute of its time.
  { id: "retry-webhook-deliveries", schedule: { every: 60_000 }, job: { name: "retry-webhook-deliveries", payload: {} } },
  // The delivery log is kept 30 days; a daily sweep is within a day of it.
  { id: "prune-webhook-log", schedule: { every: 24 * 60 * 60_000 }, job: { name: "prune-webhook-log", payload: {} } },
];

export async function upsertSchedules<C extends JobCatalog>(
  runner: JobRunner<C>,
  scheduled: readonly ScheduledJob<C>[],
): Promise<void> {
  for (const { id, schedule, job } of scheduled) await runner.upsertSchedule(id, schedule, job);
}
