import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../db/project-root";
import { ConfigError, configVariableNames, parseConfig } from "./config";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("runs with nothing set: the embedded default on port 3000", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ NODE_ENV: "development", PORT: 3000, DATA_DIR: ".data", LOG_LEVEL: "info" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("names the variable, what was expected and what was given", () => {
    expect(problemsOf({ PORT: "eighty" })).toEqual(['PORT: expected a whole number between 1 and 65535 (got "eighty")']);
    expect(problemsOf({ PORT: "70000" })).toEqual(['PORT: expected at most 65535 (got "70000")']);
    expect(problemsOf({ LOG_LEVEL: "loud" })[0]).toMatch(/^LOG_LEVEL: .*"info".* \(got "loud"\)$/);
  });

  it("reports every bad variable at once and never echoes a URL that may hold a password", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://root:hunter2@db/x", REDIS_URL: "localhost:6379" });
    expect(problems).toEqual([
      "DATABASE_URL: expected a URL starting with postgres:// or postgresql:// (value hidden)",
      "REDIS_URL: expected a URL starting with redis:// or rediss:// (value hidden)",
    ]);
  });

  it("requires a session secret and a secrets key in production only", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([
      "SESSION_SECRET: required in production (at least 32 random characters)",
      "SECRETS_KEY: required in production (64 hexadecimal characters, e.g. `openssl rand -hex 32`)",
    ]);
    expect(problemsOf({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), SECRETS_KEY: "not-hex" })).toEqual([
      "SECRETS_KEY: expected 64 hexadecimal characters (32 bytes) (value hidden)",
    ]);
    expect(parseConfig({}).SECRETS_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(problemsOf({ NODE_ENV: "production", SESSION_SECRET: "short" })).toEqual([
      "SESSION_SECRET: expected at least 32 characters (value hidden)",
    ]);
    expect(parseConfig({}).SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("turns billing on with all four Stripe variables or none, and defaults to the business plan without them", () => {
    const stripe = { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc", STRIPE_PRICE_TEAM: "price_t", STRIPE_PRICE_BUSINESS: "price_b" };
    expect(parseConfig(stripe)).toMatchObject({ ...stripe, BILLING_DEFAULT_PLAN: "business", BILLING_GRACE_DAYS: 7 });
    expect(problemsOf({ STRIPE_SECRET_KEY: "sk_test_abc" })).toEqual([
      "STRIPE_WEBHOOK_SECRET: required when any of STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_TEAM, STRIPE_PRICE_BUSINESS is set",
      "STRIPE_PRICE_TEAM: required when any of STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_TEAM, STRIPE_PRICE_BUSINESS is set",
      "STRIPE_PRICE_BUSINESS: required when any of STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_TEAM, STRIPE_PRICE_BUSINESS is set",
    ]);
    expect(problemsOf({ ...stripe, STRIPE_SECRET_KEY: "pk_test_abc" })).toEqual([
      "STRIPE_SECRET_KEY: expected a Stripe secret key (sk_test_… or sk_live_…) (value hidden)",
    ]);
    expect(problemsOf({ BILLING_DEFAULT_PLAN: "gold" })[0]).toMatch(/^BILLING_DEFAULT_PLAN: .*"business".* \(got "gold"\)$/);
  });

  it("keeps files in a bucket with S3_BUCKET and its region, and refuses settings that would be ignored", () => {
    const bucket = { S3_BUCKET: "hourbook-files", S3_REGION: "eu-central-1" };
    expect(parseConfig(bucket)).toMatchObject({ ...bucket, S3_ENDPOINT: undefined, S3_FORCE_PATH_STYLE: undefined });
    expect(parseConfig({ ...bucket, S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true" })).toMatchObject({ S3_FORCE_PATH_STYLE: true });
    expect(problemsOf({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toEqual(["S3_ENDPOINT: only used with S3_BUCKET, which is unset"]);
    expect(problemsOf({ S3_BUCKET: "hourbook-files" })).toEqual([
      "S3_REGION: required with S3_BUCKET (any value your S3-compatible server accepts, e.g. us-east-1)",
    ]);
    expect(problemsOf({ ...bucket, S3_ACCESS_KEY_ID: "AKIA" })).toEqual([
      "S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both, or neither to use the AWS SDK's default credentials",
    ]);
    expect(problemsOf({ S3_BUCKET: "Files!", S3_FORCE_PATH_STYLE: "yes" })).toEqual([
      'S3_BUCKET: expected a bucket name (3–63 lowercase letters, digits, dots, hyphens) (got "Files!")',
      'S3_FORCE_PATH_STYLE: expected "true" or "false" (got "yes")',
    ]);
  });

  it("derives the public URL from the port unless APP_URL is given", () => {
    expect(parseConfig({ PORT: "4000" }).APP_URL).toBe("http://localhost:4000");
    expect(parseConfig({ APP_URL: "https://app.hourbook.example/" }).APP_URL).toBe("https://app.hourbook.example");
  });

  it("treats an empty value as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" })).toMatchObject({ DATABASE_URL: undefined, PORT: 3000 });
  });
});

describe(".env.example", () => {
  it("documents exactly the variables the product reads", () => {
    const text = readFileSync(`${projectRoot()}/.env.example`, "utf8");
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...configVariableNames].sort());
  });
});
