import { z } from "zod";

/**
 * Every queue, every job and its payload, and the retry policy: one place.
 *
 * Payloads carry ids, never secrets or personal data: they sit in Redis, in logs
 * and on the operator page. Whatever a job needs beyond ids (an email's recipient
 * and its single-use link's token) stays in Postgres, in the outbox row the id points at.
 * Schemas are strict, so a field slipped into a payload is refused, not carried.
 */
export const queueNames = ["email", "maintenance", "exports", "billing", "webhooks"] as const;
export type QueueName = (typeof queueNames)[number];

/**
 * Jobs at once per queue in each process, where a queue needs other than
 * WORKER_CONCURRENCY. Exports hold a database connection and a file each for
 * minutes: two at a time keep them from starving the other queues.
 */
export const queueConcurrency: Partial<Record<QueueName, number>> = { exports: 2 };

/** A job written through the outbox: the row's id, and its company (null for account-level rows). */
export const outboxJobPayload = z.strictObject({
  outboxId: z.uuid(),
  companyId: z.uuid().nullable(),
});
export type OutboxJobPayload = z.infer<typeof outboxJobPayload>;

/** One audit export of a company: the job reads everything else from its row. */
export const auditExportJobPayload = z.strictObject({
  exportId: z.uuid(),
  companyId: z.uuid(),
});
export type AuditExportJobPayload = z.infer<typeof auditExportJobPayload>;

/**
 * One verified Stripe webhook event, stored in stripe_events. The company is the
 * one the event was routed to on receipt (null when none was known), so a failed
 * job shows on that company's operator page; the processor routes it again.
 */
export const stripeEventJobPayload = z.strictObject({
  eventId: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  companyId: z.uuid().nullable(),
});
export type StripeEventJobPayload = z.infer<typeof stripeEventJobPayload>;

/**
 * Bring a company's Stripe subscription quantity to its active members. No count:
 * the job reads it when it runs, so jobs run late or out of order still end on the
 * current number. Its job id is the outbox row's id, which is Stripe's idempotency key.
 */
export const seatSyncJobPayload = z.strictObject({
  companyId: z.uuid(),
});
export type SeatSyncJobPayload = z.infer<typeof seatSyncJobPayload>;

/** Bring a report schedule's job scheduler in line with its row (created, changed, paused or deleted). */
export const reportScheduleSyncJobPayload = z.strictObject({
  companyId: z.uuid(),
  scheduleId: z.uuid(),
});
export type ReportScheduleSyncJobPayload = z.infer<typeof reportScheduleSyncJobPayload>;

/** Something about one company changed that other parts of the product follow. */
export const companyJobPayload = z.strictObject({ companyId: z.uuid() });
export type CompanyJobPayload = z.infer<typeof companyJobPayload>;

/**
 * One run of a report schedule. A job scheduler's run carries no time: the period
 * follows from the instant it was due (JobInfo.scheduledAt). "Send now" names the
 * instant it stands for, `asOf`, so it reports the period just ended then.
 */
export const scheduledReportJobPayload = z.strictObject({
  companyId: z.uuid(),
  scheduleId: z.uuid(),
  asOf: z.iso.datetime({ offset: true }).optional(),
});
export type ScheduledReportJobPayload = z.infer<typeof scheduledReportJobPayload>;

/** One webhook event, to hand to each endpoint that asked for its type. */
export const webhookEventJobPayload = z.strictObject({ companyId: z.uuid(), eventId: z.uuid() });
export type WebhookEventJobPayload = z.infer<typeof webhookEventJobPayload>;

/** One endpoint's waiting deliveries, sent in order; retries wait in the rows (next_attempt_at), not in the runner. */
export const webhookEndpointJobPayload = z.strictObject({ companyId: z.uuid(), endpointId: z.uuid() });
export type WebhookEndpointJobPayload = z.infer<typeof webhookEndpointJobPayload>;

/** A scheduled sweep across companies: nothing to carry. */
export const sweepJobPayload = z.strictObject({});

export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  queue: string;
  payload: Payload;
}

export const jobs = {
  "send-email": { queue: "email", payload: outboxJobPayload },
  "prune-audit-logs": { queue: "maintenance", payload: sweepJobPayload },
  "audit-export": { queue: "exports", payload: auditExportJobPayload },
  "expire-audit-exports": { queue: "maintenance", payload: sweepJobPayload },
  "expire-report-files": { queue: "maintenance", payload: sweepJobPayload },
  "apply-stripe-event": { queue: "billing", payload: stripeEventJobPayload },
  "sync-seats": { queue: "billing", payload: seatSyncJobPayload },
  "send-reminders": { queue: "maintenance", payload: sweepJobPayload },
  "check-budgets": { queue: "maintenance", payload: sweepJobPayload },
  "sync-report-schedule": { queue: "maintenance", payload: reportScheduleSyncJobPayload },
  "company-clock-changed": { queue: "maintenance", payload: companyJobPayload },
  "send-scheduled-report": { queue: "exports", payload: scheduledReportJobPayload },
  "warn-expiring-api-tokens": { queue: "maintenance", payload: sweepJobPayload },
  "expire-idempotency-keys": { queue: "maintenance", payload: sweepJobPayload },
  "fan-out-webhook-event": { queue: "webhooks", payload: webhookEventJobPayload },
  "deliver-webhooks": { queue: "webhooks", payload: webhookEndpointJobPayload },
  "retry-webhook-deliveries": { queue: "maintenance", payload: sweepJobPayload },
  "prune-webhook-log": { queue: "maintenance", payload: sweepJobPayload },
} as const satisfies Record<string, JobDefinition & { queue: QueueName }>;

export type JobCatalog = Record<string, JobDefinition>;
export type ProductJobs = typeof jobs;
export type JobName = keyof ProductJobs & string;
export type JobPayload<C extends JobCatalog, N extends keyof C> = z.output<C[N]["payload"]>;

/**
 * Attempts and backoff for every job, in both runners. Exponential: the n-th retry
 * waits backoffMs · 2^(n-1), so 30 s, 1 min, 2 min, 4 min: a Resend or Redis
 * hiccup of a few minutes costs a delay, not an email.
 */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, backoffMs: 30_000 };

/** Delay before retry number `retry` (1 for the first retry), as BullMQ's exponential backoff computes it. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  return Math.round(policy.backoffMs * 2 ** (retry - 1));
}

/**
 * How long finished jobs are kept. Completed ones long enough that a relay
 * re-enqueueing the same outbox id (after a crash) finds them and adds nothing;
 * failed ones long enough for an operator to look and retry.
 */
export const retention = {
  completedSeconds: 24 * 60 * 60,
  completedCount: 10_000,
  failedSeconds: 30 * 24 * 60 * 60,
  failedCount: 10_000,
} as const;

/** A payload that doesn't match its job's schema: a programming error, never retried. */
export class JobPayloadError extends Error {
  constructor(job: string, issues: string) {
    super(`Invalid payload for job "${job}": ${issues}`);
    this.name = "JobPayloadError";
  }
}

export class UnknownJobError extends Error {
  constructor(job: string) {
    super(`Unknown job "${job}"`);
    this.name = "UnknownJobError";
  }
}

export function definitionOf<C extends JobCatalog>(catalog: C, name: string): JobDefinition {
  const definition = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  if (!definition) throw new UnknownJobError(name);
  return definition;
}

/** Validate a payload against its job's schema; throws JobPayloadError with every problem named. */
export function parseJobPayload<C extends JobCatalog, N extends keyof C & string>(
  catalog: C,
  name: N,
  payload: unknown,
): JobPayload<C, N> {
  const result = definitionOf(catalog, name).payload.safeParse(payload);
  if (!result.success) throw new JobPayloadError(name, z.prettifyError(result.error).replaceAll("\n", "; "));
  return result.data as JobPayload<C, N>;
}
