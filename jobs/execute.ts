import type { Logger } from "../platform/logger";
import { inSpan, SpanKind } from "../platform/tracing";
import { recordJobOutcome } from "./metrics";
import { JobPayloadError, parseJobPayload, UnknownJobError, type JobCatalog } from "./queues";
import { UnrecoverableError, type JobInfo, type Processor } from "./runner";

export function isUnrecoverable(error: unknown): boolean {
  return error instanceof Error && error.name === "UnrecoverableError";
}

/**
 * One attempt of one job, the same in both runners: validate the payload (a job
 * that doesn't match its schema fails at once, without retries), run the
 * processor, log start, end, duration and failure with the job id, count it.
 * Throws what the processor threw, so the runner can schedule the retry.
 */
export async function executeJob(
  job: JobInfo,
  catalog: JobCatalog,
  processors: Partial<Record<string, Processor>>,
  logger: Logger,
): Promise<void> {
  const companyId = typeof job.data === "object" && job.data !== null ? (job.data as { companyId?: unknown }).companyId : undefined;
  const attributes = {
    "messaging.system": "bullmq",
    "messaging.destination.name": job.queue,
    "hourbook.job_id": job.id,
    "hourbook.job": job.name,
    "hourbook.attempt": job.attempt,
    ...(typeof companyId === "string" ? { "hourbook.company_id": companyId } : {}),
  };
  await inSpan(`job ${job.name}`, attributes, () => attemptJob(job, catalog, processors, logger), SpanKind.CONSUMER);
}

async function attemptJob(
  job: JobInfo,
  catalog: JobCatalog,
  processors: Partial<Record<string, Processor>>,
  logger: Logger,
): Promise<void> {
  const log = logger.child({ jobId: job.id, job: job.name, queue: job.queue, attempt: job.attempt });
  const started = performance.now();
  log.info("Job started");
  try {
    const data = parseJobPayload(catalog, job.name, job.data);
    const processor = processors[job.name];
    if (!processor) throw new UnknownJobError(job.name);
    await processor({ ...job, data });
  } catch (caught) {
    const error =
      caught instanceof JobPayloadError || caught instanceof UnknownJobError ? new UnrecoverableError(caught.message) : caught;
    const durationMs = Math.round(performance.now() - started);
    const final = isUnrecoverable(error) || job.attempt >= job.maxAttempts;
    recordJobOutcome(job.queue, final ? "failed" : "retried", durationMs / 1000);
    if (final) log.error({ err: error, durationMs }, "Job failed");
    else log.warn({ err: error, durationMs, attemptsLeft: job.maxAttempts - job.attempt }, "Job attempt failed; will retry");
    throw error;
  }
  const durationMs = Math.round(performance.now() - started);
  recordJobOutcome(job.queue, "completed", durationMs / 1000);
  log.info({ durationMs }, "Job completed");
}
