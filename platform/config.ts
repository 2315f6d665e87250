import { existsSync } from "node:fs";
import { z } from "zod";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function urlWithProtocols(protocols: string[]) {
  return z
    .string()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
    );
}

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

/** Every variable the product reads; `.env.example` documents the same list. */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: integer(1, 65535).default(3000),
  DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"]).optional(),
  /** A streaming replica for reports, dashboards and exports (db/read-routing.ts); unset, they read the primary. */
  DATABASE_READ_URL: urlWithProtocols(["postgres:", "postgresql:"]).optional(),
  DATABASE_POOL_MAX: integer(1, 500).default(10),
  DATABASE_CONNECT_TIMEOUT_SECONDS: integer(1, 120).default(5),
  STARTUP_ATTEMPTS: integer(1, 100).default(6),
  DATA_DIR: z.string().min(1).default(".data"),
  REDIS_URL: urlWithProtocols(["redis:", "rediss:"]).optional(),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  TRUST_PROXY_HOPS: integer(0, 10).default(0),
  SHUTDOWN_TIMEOUT_SECONDS: integer(1, 300).default(10),
  APP_URL: urlWithProtocols(["http:", "https:"]).optional(),
  SESSION_SECRET: z.string().min(32, "expected at least 32 characters").optional(),
  SECRETS_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "expected 64 hexadecimal characters (32 bytes)").optional(),
  EMAIL_FROM: z.string().min(3).default("Hourbook <no-reply@hourbook.localhost>"),
  RESEND_API_KEY: z.string().min(1).optional(),
  WORKER_CONCURRENCY: integer(1, 1000).default(5),
  QUEUE_PREFIX: z.string().min(1).default("hourbook"),
  METRICS_PORT: integer(1, 65535).optional(),
  /** OTLP/HTTP collector for traces (server/tracing.ts); unset, tracing is off and its SDK never loads. */
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithProtocols(["http:", "https:"]).optional(),
  /** Sentry project DSN for the server's errors (server/error-tracking.ts); unset, nothing is loaded or sent. */
  SENTRY_DSN: urlWithProtocols(["http:", "https:"]).optional(),
  RATE_LIMIT_ATTEMPTS: integer(1, 1000).default(5),
  RATE_LIMIT_IP_ATTEMPTS: integer(1, 100_000).default(5),
  RATE_LIMIT_WINDOW_SECONDS: integer(1, 86_400).default(900),
  API_RATE_LIMIT_BURST: integer(1, 1_000_000).default(100),
  API_RATE_LIMIT_BURST_SECONDS: integer(1, 3_600).default(15),
  API_RATE_LIMIT_PER_MINUTE: integer(1, 10_000_000).default(600),
  MAX_REQUEST_BODY_BYTES: integer(1_024, 104_857_600).default(1_048_576),
  AUDIT_EXPORT_TTL_DAYS: integer(1, 365).default(7),
  FINANCE_EXPORT_JOB_ROWS: integer(1, 100_000_000).default(50_000),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "expected a Stripe secret key (sk_test_… or sk_live_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "expected a webhook signing secret (whsec_…)").optional(),
  STRIPE_PRICE_TEAM: z.string().regex(/^price_\w+$/, "expected a Stripe price id (price_…)").optional(),
  STRIPE_PRICE_BUSINESS: z.string().regex(/^price_\w+$/, "expected a Stripe price id (price_…)").optional(),
  STRIPE_API_BASE: urlWithProtocols(["http:", "https:"]).optional(),
  BILLING_DEFAULT_PLAN: z.enum(["free", "team", "business"]).default("business"),
  BILLING_GRACE_DAYS: integer(0, 90).default(7),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected a bucket name (3–63 lowercase letters, digits, dots, hyphens)").optional(),
  S3_ENDPOINT: urlWithProtocols(["http:", "https:"]).optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]+$/, "expected a region name, e.g. eu-central-1").optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false"], { message: 'expected "true" or "false"' })
    .transform((value) => value === "true")
    .optional(),
  // Tests only: lets webhooks reach receivers on this machine (127.0.0.1, ::1). Refused in production.
  WEBHOOKS_ALLOW_LOOPBACK: z.enum(["true", "false"], { message: "expected true or false" }).default("false").transform((v) => v === "true"),
});

/** Billing is on only with all four; a partial set is a mistake worth stopping for. */
const stripeVariables = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_TEAM", "STRIPE_PRICE_BUSINESS"] as const;

/** Settings that mean nothing without a bucket: set alone, they are a mistake worth stopping for. */
const s3Settings = ["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE"] as const;

export type S3Config = Pick<Config, "S3_BUCKET" | (typeof s3Settings)[number]>;

function s3Problems(parsed: ParsedConfig): string[] {
  if (!parsed.S3_BUCKET) {
    return s3Settings.filter((name) => parsed[name] !== undefined).map((name) => `${name}: only used with S3_BUCKET, which is unset`);
  }
  return [
    !parsed.S3_REGION && "S3_REGION: required with S3_BUCKET (any value your S3-compatible server accepts, e.g. us-east-1)",
    !parsed.S3_ACCESS_KEY_ID !== !parsed.S3_SECRET_ACCESS_KEY &&
      "S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both, or neither to use the AWS SDK's default credentials",
  ].filter((problem) => typeof problem === "string");
}

/** Signs development cookies only; production refuses to start without SESSION_SECRET. */
const developmentSessionSecret = "hourbook-development-only-session-secret";

/** Seals development secrets only; production refuses to start without SECRETS_KEY. */
const developmentSecretsKey = "6465762d6f6e6c792d686f7572626f6f6b2d736563726574732d6b65792d3332";

type ParsedConfig = z.output<typeof schema>;

export type Config = Omit<ParsedConfig, "APP_URL" | "SESSION_SECRET" | "SECRETS_KEY"> & {
  /** Public base URL for links in emails; defaults to http://localhost:PORT. */
  APP_URL: string;
  SESSION_SECRET: string;
  /** Encrypts secrets kept in the database (app/kernel/secrets.server.ts). */
  SECRETS_KEY: string;
};

export const configVariableNames = Object.keys(schema.shape);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const secretNames = /URL|SECRET|KEY|PASSWORD|TOKEN/;

/** Parse and validate; empty strings count as unset so `FOO=` in a .env file means "default". */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const input = Object.fromEntries(
    configVariableNames.map((name) => [name, env[name] === "" ? undefined : env[name]]),
  );
  const result = schema.safeParse(input);
  if (result.success) {
    const parsed = result.data;
    if (parsed.NODE_ENV === "production") {
      const absent = [
        !parsed.SESSION_SECRET && "SESSION_SECRET: required in production (at least 32 random characters)",
        !parsed.SECRETS_KEY && "SECRETS_KEY: required in production (64 hexadecimal characters, e.g. `openssl rand -hex 32`)",
        parsed.WEBHOOKS_ALLOW_LOOPBACK && "WEBHOOKS_ALLOW_LOOPBACK: for tests only, never in production",
      ].filter((problem) => typeof problem === "string");
      if (absent.length > 0) throw new ConfigError(absent);
    }
    const storage = s3Problems(parsed);
    if (storage.length > 0) throw new ConfigError(storage);
    const missing = stripeVariables.filter((name) => !parsed[name]);
    if (missing.length > 0 && missing.length < stripeVariables.length) {
      throw new ConfigError(missing.map((name) => `${name}: required when any of ${stripeVariables.join(", ")} is set`));
    }
    return {
      ...parsed,
      APP_URL: (parsed.APP_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ""),
      SESSION_SECRET: parsed.SESSION_SECRET ?? developmentSessionSecret,
      SECRETS_KEY: parsed.SECRETS_KEY ?? developmentSecretsKey,
    };
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const given = input[name];
      const shown = given === undefined ? "" : secretNames.test(name) ? " (value hidden)" : ` (got "${given}")`;
      return `${name}: ${issue.message}${shown}`;
    }),
  );
}

/** Read `.env` if present (development convenience), then validate `process.env`. */
export function loadConfig(): Config {
  if (existsSync(".env")) process.loadEnvFile(".env");
  return parseConfig(process.env);
}

/** Print a configuration error and stop; used by every entry point. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
