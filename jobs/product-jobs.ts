import type { Database } from "../db/types";
import type { Config } from "../platform/config";
import type { Logger } from "../platform/logger";
import { reportQueueCounts } from "./metrics";
import { startJobProcessing, type JobProcessing } from "./processing";
import { configuredProcessors } from "./processors";
import { queueConcurrency } from "./queues";
import { reconcileReportSchedulers } from "./report-schedulers";
import { createJobRunner } from "./runners";
import { productSchedules } from "./schedules";

/**
 * The product's job runner, and — in a process that runs jobs (the worker, or the
 * web process when there is no Redis) — its processors, schedules and outbox relay,
 * configured the same way wherever they run.
 */
export async function startProductJobs(
  deps: { config: Config; db: Database; logger: Logger },
  options: { runJobs: boolean },
) {
  const { config, db, logger } = deps;
  const runner = createJobRunner({ config, db, logger });
  reportQueueCounts(() => runner.counts());
  const processing: JobProcessing | undefined = options.runJobs
    ? await startJobProcessing({
        db,
        runner,
        logger,
        concurrency: config.WORKER_CONCURRENCY,
        concurrencyByQueue: queueConcurrency,
        processors: configuredProcessors({ config, db, logger, scheduler: runner }),
        schedules: productSchedules,
      })
    : undefined;
  if (processing) {
    // In the background: a start shouldn't wait on every company's schedules, and a
    // failure here leaves the schedulers as they were (each sync job still applies).
    reconcileReportSchedulers(db, runner, logger).catch((error: unknown) =>
      logger.error({ err: error }, "Could not reconcile report schedules with the job schedulers"),
    );
  }
  return {
    runner,
    processing,
    /** Stop taking jobs, let running ones finish, release the runner. */
    stop: () => (processing ? processing.stop() : runner.close()),
  };
}
