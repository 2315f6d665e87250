import { createCookie, type Cookie } from "@remix-run/node";
import { Redis } from "ioredis";
import { createPasswordHasher, type PasswordHasher } from "../app/kernel/accounts/password.server";
import { createAttemptLimiter, type AttemptLimiter } from "../app/kernel/accounts/rate-limit.server";
import { createBillingServices, type BillingServices } from "../app/billing/services.server";
import { createAccountService, type AccountService } from "../app/kernel/accounts/accounts.server";
import { sessionLifetimeDays, type SignUpEmail } from "../app/kernel/accounts/account-deps.server";
import { bindWithTenant, type WithTenant } from "../db/tenant";
import { queueAccountEmail } from "../jobs/outbox";
import type { Database } from "../db/types";
import { createDevMailbox, type DevMailbox } from "../emails/dev-mailbox.server";
import type { AccountEmailMessage } from "../emails/messages";
import { startProductJobs } from "../jobs/product-jobs";
import type { FailedJob } from "../jobs/runner";
import { configuredFileStorage, type FileStorage } from "../jobs/storage/files";
import type { Config } from "../platform/config";
import { createSecretBox, type SecretBox } from "../app/kernel/secrets.server";
import type { Logger } from "../platform/logger";
import { apiRateLimitsFrom, type ApiRateLimits } from "./api-limits";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "../app/kernel/webhooks/address-guard";
import type { OperationEvents } from "../app/kernel/operations";
import { operationEvents } from "../app/api/webhooks/events.server";

/**
 * Everything routes may use, created once per process and handed to every loader
 * and action through the load context. Nothing here exposes a raw connection.
 */
export interface AppServices {
  config: Pick<Config, "NODE_ENV" | "APP_URL" | "FINANCE_EXPORT_JOB_ROWS">;
  withTenant: WithTenant;
  auth: AuthServices;
  /** A company's jobs that used up their attempts, for the operator page (owners and admins). */
  failedJobs: FailedJobs;
  /** Mail kept instead of sent when RESEND_API_KEY is unset; the /dev/mailbox pages 404 in production. */
  devMailbox: DevMailbox;
  /** Generated files (audit exports), for the download routes. */
  files: FileStorage;
  /** Plans, Checkout and the portal, and the Stripe webhook's pre-tenant intake. */
  billing: BillingServices;
  /** Seals and opens secrets stored in the database, under SECRETS_KEY. */
  secrets: SecretBox;
  /** Where outgoing webhooks may go (https only in production; loopback only for tests). */
  webhookPolicy: WebhookNetworkPolicy;
  /** Records the webhook events of an operation's change, in its transaction (app/api/webhooks/events.server.ts). */
  operationEvents: OperationEvents;
}

export interface FailedJobs {
  list(companyId: string): Promise<FailedJob[]>;
  /** False when the company has no such failed job (wrong id, or another company's). */
  retry(companyId: string, jobId: string): Promise<boolean>;
}

export interface AuthServices {
  /** Signed, httpOnly; holds only the session token (sessions live in the database). */
  cookie: Cookie;
  /** Signed, httpOnly; carries one confirmation ("Team created.") across a redirect to the next page. */
  flash: Cookie;
  accounts: AccountService;
  /** Attempts per email and per client IP (sign-in, sign-up, reset, invitation). */
  limits: { email: AttemptLimiter; ip: AttemptLimiter };
}

export interface ServiceDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  /** Tests pass a cheap hasher; production uses OWASP's scrypt parameters. */
  hasher?: PasswordHasher;
}

export interface RunningServices {
  services: AppServices;
  /** The public API's per-token limits, counted in front of Remix (server/app.ts). */
  apiRateLimits: ApiRateLimits;
  /** Stop background work and release connections, in reverse order of start. */
  close(): Promise<void>;
}

function signUpEmailMessage(message: SignUpEmail): AccountEmailMessage {
  if (message.kind === "confirmation") {
    const props = { token: message.token, expiresAt: message.expiresAt.toISOString() };
    return { to: message.to, template: "sign-up-confirmation", props };
  }
  const props = { name: message.name };
  return { to: message.to, template: "sign-up-existing-account", props };
}

function signedCookie(config: Config, name: string, maxAgeSeconds: number): Cookie {
  const production = config.NODE_ENV === "production";
  // __Host- makes browsers refuse the cookie unless it is Secure, host-only and path=/.
  return createCookie(production ? `__Host-${name}` : name, {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    maxAge: maxAgeSeconds,
    secrets: [config.SESSION_SECRET],
  });
}

export async function createServices({ config, db, logger, hasher }: ServiceDependencies): Promise<RunningServices> {
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on("error", (error) => logger.warn({ err: error }, "Redis (rate limits) unavailable; using in-memory limits"));
  const window = config.RATE_LIMIT_WINDOW_SECONDS;

  // Jobs: with Redis the worker processes run them (npm run worker); without it,
  // this process does, with the same processors and retry policy.
  const jobs = await startProductJobs({ config, db, logger }, { runJobs: !config.REDIS_URL });
  const { runner } = jobs;

  const withTenant = bindWithTenant(db);
  const billing = createBillingServices({ config, db, withTenant });
  const services: AppServices = {
    config: { NODE_ENV: config.NODE_ENV, APP_URL: config.APP_URL, FINANCE_EXPORT_JOB_ROWS: config.FINANCE_EXPORT_JOB_ROWS },
    withTenant,
    auth: {
      cookie: signedCookie(config, "hourbook_session", sessionLifetimeDays * 24 * 60 * 60),
      // A minute is ample for a redirect to be followed; a stale message must not greet a later visit.
      flash: signedCookie(config, "hourbook_flash", 60),
      accounts: createAccountService({
        db,
        hasher: hasher ?? createPasswordHasher(),
        seats: billing,
        queuePasswordResetEmail: async (tx, message) => {
          await queueAccountEmail(tx, {
            to: message.to,
            template: "password-reset",
            props: { name: message.name, token: message.token, expiresAt: message.expiresAt.toISOString() },
          });
        },
        queueSignUpEmail: async (tx, message) => {
          await queueAccountEmail(tx, signUpEmailMessage(message));
        },
      }),
      limits: {
        email: createAttemptLimiter({ name: "email", points: config.RATE_LIMIT_ATTEMPTS, windowSeconds: window, redis }),
        ip: createAttemptLimiter({ name: "ip", points: config.RATE_LIMIT_IP_ATTEMPTS, windowSeconds: window, redis }),
      },
    },
    failedJobs: {
      list: (companyId) => runner.listFailed(companyId),
      retry: (companyId, jobId) => runner.retryFailed(companyId, jobId),
    },
    devMailbox: createDevMailbox(db),
    files: configuredFileStorage(config),
    billing,
    secrets: createSecretBox(config.SECRETS_KEY),
    webhookPolicy: webhookNetworkPolicy(config),
    operationEvents,
  };
  return {
    services,
    apiRateLimits: apiRateLimitsFrom(config, redis),
    async close() {
      // Lets jobs in progress finish (embedded mode) before the pool closes.
      await jobs.stop();
      redis?.disconnect();
    },
  };
}
