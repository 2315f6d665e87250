import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import type { ReportScheduleSyncJobPayload } from "../queues";
import { syncReportScheduler, type ReportScheduler } from "../report-schedulers";
import { UnrecoverableError, type Processor } from "../runner";

/**
 * sync-report-schedule: queued through the outbox with every change to a report
 * schedule; makes its job scheduler match the row as it is when the job runs
 * (jobs/report-schedulers.ts), so a late or repeated sync still ends on the latest row.
 */
export function createSyncReportScheduleProcessor(deps: {
  db: Database;
  logger: Logger;
  /** The runner the schedulers live in; absent only in tests that don't schedule reports. */
  scheduler?: ReportScheduler;
}): Processor<ReportScheduleSyncJobPayload> {
  return async (job) => {
    if (!deps.scheduler) throw new UnrecoverableError("No job runner was given to keep report schedules in");
    const outcome = await syncReportScheduler(deps.db, deps.scheduler, job.data.scheduleId);
    deps.logger.debug({ jobId: job.id, scheduleId: job.data.scheduleId, outcome }, "Report schedule synced");
  };
}
