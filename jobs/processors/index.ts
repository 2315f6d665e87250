import type { Database } from "../../db/types";
import { createMailer } from "../../emails/mailer.server";
import type { Config } from "../../platform/config";
import type { Logger } from "../../platform/logger";
import type { ProductJobs } from "../queues";
import type { Processors } from "../runner";
import { configuredFileStorage } from "../storage/configured";
import type { FileStorage } from "../storage/files";
import type Stripe from "stripe";
import { billingPlans, type Plan, type PlanId } from "../../app/kernel/company/plans";
import { createStripeClient } from "../../app/billing/stripe.server";
import { createApplyStripeEventProcessor } from "./apply-stripe-event";
import { createAuditExportProcessor } from "./audit-export";
import { createCheckBudgetsProcessor } from "./check-budgets";
import { createExpireAuditExportsProcessor } from "./expire-audit-exports";
import { createExpireIdempotencyKeysProcessor } from "./expire-idempotency-keys";
import { createExpireReportFilesProcessor } from "./expire-report-files";
import { createPruneAuditLogsProcessor } from "./prune-audit-logs";
import { createSendRemindersProcessor } from "./send-reminders";
import { createSendScheduledReportProcessor } from "./send-scheduled-report";
import { createSyncReportScheduleProcessor } from "./sync-report-schedule";
import { createCompanyClockChangedProcessor } from "./company-clock-changed";
import type { ReportScheduler } from "../report-schedulers";
import { createSendEmailProcessor, type SendEmailDependencies } from "./send-email";
import { createSyncSeatsProcessor } from "./sync-seats";
import { createWarnExpiringApiTokensProcessor } from "./warn-expiring-api-tokens";
import { createDeliverWebhooksProcessor } from "./deliver-webhooks";
import { createFanOutWebhookEventProcessor } from "./fan-out-webhook-event";
import { createPruneWebhookLogProcessor } from "./prune-webhook-log";
import { createRetryWebhookDeliveriesProcessor } from "./retry-webhook-deliveries";
import { createSecretBox, type SecretBox } from "../../app/kernel/secrets.server";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "../../app/kernel/webhooks/address-guard";
import { parseConfig } from "../../platform/config";

export type ProcessorDependencies = SendEmailDependencies & {
  /** Where exports are written; tests that don't export may leave it out (DATA_DIR's default). */
  files?: FileStorage;
  /** AUDIT_EXPORT_TTL_DAYS. */
  exportTtlDays?: number;
  /** The plans with their Stripe price ids; tests that don't bill may leave it out (no prices). */
  plans?: Record<PlanId, Plan>;
  /** Stripe, for the seat sync; null or left out while billing isn't configured. */
  stripe?: Stripe | null;
  /** The runner's schedules, for report schedules' job schedulers; tests that don't schedule reports may leave it out. */
  scheduler?: ReportScheduler;
  /** Opens webhook signing secrets; tests may leave it out (the development SECRETS_KEY). */
  secrets?: SecretBox;
  /** Where webhooks may go; tests that deliver to a local receiver allow loopback. Left out: public https only. */
  webhookPolicy?: WebhookNetworkPolicy;
  /** The clock of webhook retries; tests move it. */
  now?: () => Date;
};

/** Every job's processor, one file each; the type makes a job without a processor a compile error. */
export function createProcessors(deps: ProcessorDependencies): Processors<ProductJobs> {
  const files = deps.files ?? configuredFileStorage({ DATA_DIR: ".data" });
  const delivery = {
    ...deps,
    secrets: deps.secrets ?? createSecretBox(parseConfig({}).SECRETS_KEY),
    policy: deps.webhookPolicy ?? { requireHttps: true, allowLoopback: false },
  };
  return {
    "send-email": createSendEmailProcessor({ ...deps, files }),
    "prune-audit-logs": createPruneAuditLogsProcessor(deps),
    "audit-export": createAuditExportProcessor({ ...deps, files, ttlDays: deps.exportTtlDays ?? 7 }),
    "expire-audit-exports": createExpireAuditExportsProcessor({ ...deps, files }),
    "expire-report-files": createExpireReportFilesProcessor({ ...deps, files }),
    "apply-stripe-event": createApplyStripeEventProcessor({ ...deps, plans: deps.plans ?? billingPlans({}) }),
    "sync-seats": createSyncSeatsProcessor({ ...deps, stripe: deps.stripe ?? null, plans: deps.plans ?? billingPlans({}) }),
    "send-reminders": createSendRemindersProcessor(deps),
    "check-budgets": createCheckBudgetsProcessor(deps),
    "sync-report-schedule": createSyncReportScheduleProcessor(deps),
    "company-clock-changed": createCompanyClockChangedProcessor(deps),
    "send-scheduled-report": createSendScheduledReportProcessor({ ...deps, files }),
    "warn-expiring-api-tokens": createWarnExpiringApiTokensProcessor(deps),
    "expire-idempotency-keys": createExpireIdempotencyKeysProcessor(deps),
    "fan-out-webhook-event": createFanOutWebhookEventProcessor(deps),
    "deliver-webhooks": createDeliverWebhooksProcessor(delivery),
    "retry-webhook-deliveries": createRetryWebhookDeliveriesProcessor(delivery),
    "prune-webhook-log": createPruneWebhookLogProcessor(deps),
  };
}

/** The processors as the web and worker processes run them, from configuration. */
export function configuredProcessors(options: {
  config: Pick<
    Config,
    | "APP_URL"
    | "EMAIL_FROM"
    | "RESEND_API_KEY"
    | "DATA_DIR"
    | "S3_BUCKET"
    | "S3_ENDPOINT"
    | "S3_REGION"
    | "S3_ACCESS_KEY_ID"
    | "S3_SECRET_ACCESS_KEY"
    | "S3_FORCE_PATH_STYLE"
    | "AUDIT_EXPORT_TTL_DAYS"
    | "STRIPE_PRICE_TEAM"
    | "STRIPE_PRICE_BUSINESS"
    | "STRIPE_SECRET_KEY"
    | "STRIPE_API_BASE"
    | "SECRETS_KEY"
    | "NODE_ENV"
    | "WEBHOOKS_ALLOW_LOOPBACK"
  >;
  db: Database;
  logger: Logger;
  scheduler?: ReportScheduler;
}): Processors<ProductJobs> {
  const { config, db, logger, scheduler } = options;
  const mailer = createMailer({ from: config.EMAIL_FROM, resendApiKey: config.RESEND_API_KEY, db, logger, appUrl: config.APP_URL });
  return createProcessors({
    db,
    logger,
    mailer,
    appUrl: config.APP_URL,
    files: configuredFileStorage(config),
    exportTtlDays: config.AUDIT_EXPORT_TTL_DAYS,
    plans: billingPlans(config),
    stripe: createStripeClient(config),
    scheduler,
    secrets: createSecretBox(config.SECRETS_KEY),
    webhookPolicy: webhookNetworkPolicy(config),
  });
}
