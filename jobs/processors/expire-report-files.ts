import type { Logger } from "../../platform/logger";
import type { Processor } from "../runner";
import type { FileStorage } from "../storage/files";

/** Where send-scheduled-report keeps each run's attachments (report-schedules/<company>/<schedule>/<period>.*). */
export const reportFilesPrefix = "report-schedules";

/**
 * Days a scheduled report's attachments are kept. Emails read them when sent, and
 * a failed email can be retried from the jobs page: a month leaves room for that
 * and more, and the report itself can be downloaded again from its page any time.
 */
export const reportFileRetentionDays = 30;

/**
 * expire-report-files: delete scheduled reports' attachments older than the
 * retention. By the files' own age rather than the runs' rows, so the files of a
 * deleted schedule (whose runs went with it) are swept too. Idempotent.
 */
export function createExpireReportFilesProcessor(deps: { logger: Logger; files: FileStorage; now?: () => Date }): Processor<Record<string, never>> {
  return async (job) => {
    const cutoff = (deps.now?.() ?? new Date()).getTime() - reportFileRetentionDays * 86_400_000;
    let removed = 0;
    for await (const file of deps.files.list(reportFilesPrefix)) {
      if (file.modifiedAt.getTime() >= cutoff) continue;
      await deps.files.remove(file.key);
      removed += 1;
    }
    if (removed) deps.logger.info({ jobId: job.id, removed }, "Expired scheduled report files removed");
  };
}
