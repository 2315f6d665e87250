import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import type { CompanyJobPayload } from "../queues";
import { syncCompanyReportSchedulers, type ReportScheduler } from "../report-schedulers";
import { UnrecoverableError, type Processor } from "../runner";

/**
 * company-clock-changed: queued by the settings change that moved a company to
 * another time zone. The company's report schedules run at their hour in the new zone.
 */
export function createCompanyClockChangedProcessor(deps: {
  db: Database;
  logger: Logger;
  scheduler?: ReportScheduler;
}): Processor<CompanyJobPayload> {
  return async (job) => {
    if (!deps.scheduler) throw new UnrecoverableError("No job runner was given to keep report schedules in");
    const synced = await syncCompanyReportSchedulers(deps.db, deps.scheduler, job.data.companyId);
    deps.logger.debug({ jobId: job.id, companyId: job.data.companyId, synced }, "Report schedules follow the company's clock");
  };
}
