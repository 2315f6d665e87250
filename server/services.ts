import { createCookie, type Cookie } from "@remix-run/node";
import { Redis } from "ioredis";
import { createPasswordHasher, type PasswordHasher } from "../app/kernel/accounts/password.server";
import { createAttemptLimiter, type AttemptLimiter } from "../app/kernel/accounts/rate-limit.server";
import { createBillingServices, type BillingServices } from "../app/billing/services.server";
import { createAccountService, type AccountService } from "../app/kernel/accounts/accounts.server";
import { sessionLifetimeDays, type SignUpEmail } from "../app/kernel/accounts/account-deps.server";
import { signInChallengeLifetimeMinutes } from "../app/kernel/accounts/sign-in-challenges.server";
import { createReadRouting, type ReadRoute } from "../db/read-routing";
import type { WithTenant } from "../db/tenant";
import { queueAccountEmail } from "../jobs/outbox";
import type { Database } from "../db/types";
import { createDevMailbox, type DevMailbox } from "../emails/dev-mailbox.server";
import type { AccountEmailMessage } from "../emails/messages";
import { startProductJobs } from "../jobs/product-jobs";
import type { FailedJob } from "../jobs/runner";
import { configuredFileStorage } from "../jobs/storage/configured";
import type { FileStorage } from "../jobs/storage/files";
import type { Config } from "../platform/config";
import { createSecretBox, type SecretBox } from "../app/kernel/secrets.server";
import type { Logger } from "../platform/logger";
import { apiRateLimitsFrom, type ApiRateLimits } from "./api-limits";
import { noteCompanyId } from "./request-scope";
import { writeMarksFor } from "./write-marks";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "../app/kernel/webhooks/address-guard";
import type { OperationEvents } from "../app/kernel/operations";
import { operationEvents } from "../app/api/webhooks/events.server";

/**
 * Everything routes may use, created once per process and handed to every loader
 * and action through the load context. Nothing here exposes a raw connection.
 */
export interface AppServices {
  config: Pick<Config, "NODE_ENV" | "APP_URL" | "FINANCE_EXPORT_JOB_ROWS">;
  /** The primary: every change, and every read that isn't a report. */
  withTenant: WithTenant;
  /**
   * For reports, dashboards and exports: the read replica when DATABASE_READ_URL is
   * set and it has replayed the person's own last write, the primary otherwise.
   */
  withTenantRead: WithTenant;
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
  /** Signed, httpOnly, minutes long; holds a sign-in's pending second-factor step between password and code. */
  signInChallenge: Cookie;
  accounts: AccountService;
  /** Attempts per email and per client IP (sign-in, sign-up, reset, invitation). */
  limits: { email: AttemptLimiter; ip: AttemptLimiter };
}

export interface ServiceDependencies {
  config: Config;
  db: Database;
  /** The read replica's pool (DATABASE_READ_URL). */
  replica?: Database;
  logger: Logger;
  /** Counts where each report read went (server/http-metrics.ts). */
  onRead?: (route: ReadRoute) => void;
  /** Tests pass a cheap hasher; production uses OWASP's scrypt parameters. */
  hasher?: PasswordHasher;
}

export interface RunningServices {
  services: AppServices;
  /** The public API's per-token limits, counted in front of Remix (server/app.ts). */
  apiRateLimits: ApiRateLimits;
  /**
   * The services for one request: a request that may change things (any method but
   * GET and HEAD) remembers its person's writes, so their next report reads what
   * they just did (read-your-writes, db/read-routing.ts).
   */
  forRequest(method: string): AppServices;
  /** The replica's lag in seconds, undefined without one (hourbook_db_replica_lag_seconds). */
  replicaLagSeconds(): Promise<number | undefined>;
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

export async function createServices({ config, db, replica, logger, onRead, hasher }: ServiceDependencies): Promise<RunningServices> {
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on("error", (error) => logger.warn({ err: error }, "Redis (rate limits) unavailable; using in-memory limits"));
  const window = config.RATE_LIMIT_WINDOW_SECONDS;

  // Jobs: with Redis the worker processes run them (npm run worker); without it,
  // this process does, with the same processors and retry policy.
  const jobs = await startProductJobs({ config, db, logger }, { runJobs: !config.REDIS_URL });
  const { runner } = jobs;

  const secrets = createSecretBox(config.SECRETS_KEY);
  const reads = createReadRouting({
    primary: db,
    replica,
    marks: writeMarksFor(redis, config.QUEUE_PREFIX),
    onRead,
    onTrouble: (message, error) => logger.warn({ err: error }, message),
  });
  const { withTenant } = reads;
  const billing = createBillingServices({ config, db, withTenant });
  const services: AppServices = {
    config: { NODE_ENV: config.NODE_ENV, APP_URL: config.APP_URL, FINANCE_EXPORT_JOB_ROWS: config.FINANCE_EXPORT_JOB_ROWS },
    withTenant,
    withTenantRead: reads.withTenantRead,
    auth: {
      cookie: signedCookie(config, "hourbook_session", sessionLifetimeDays * 24 * 60 * 60),
      // A minute is ample for a redirect to be followed; a stale message must not greet a later visit.
      flash: signedCookie(config, "hourbook_flash", 60),
      signInChallenge: signedCookie(config, "hourbook_sign_in", signInChallengeLifetimeMinutes * 60),
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
        queueSecurityEmail: async (tx, message) => {
          await queueAccountEmail(tx, message);
        },
        secrets,
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
    forRequest(method) {
      const withTenant = method === "GET" || method === "HEAD" ? services.withTenant : reads.withTenantNotingWrites;
      // The company a request acted in labels its trace (server/http-metrics.ts).
      const noting =
        (inner: WithTenant): WithTenant =>
        (context, work) => (noteCompanyId(context.companyId), inner(context, work));
      return { ...services, withTenant: noting(withTenant), withTenantRead: noting(services.withTenantRead) };
    },
    replicaLagSeconds: () => reads.replicaLagSeconds(),
    async close() {
      // Lets jobs in progress finish (embedded mode) before the pool closes.
      await jobs.stop();
      redis?.disconnect();
    },
  };
}
