/**
 * The robustness crawl's server (e2e/robustness.spec.ts). Its malformed submissions
 * still change data now and then (a repeated field that parses, a valid value left
 * beside a mutated one), so it runs on its own port and database, away from the demo
 * data the journeys on the default server rely on.
 */
export const robustnessPort = Number(process.env.E2E_ROBUSTNESS_PORT ?? 3103);
export const robustnessBaseUrl = `http://localhost:${robustnessPort}`;

export const robustnessServerEnv = {
  NODE_ENV: "test",
  // Every 4xx the crawl provokes is a warning; only errors are worth a line.
  LOG_LEVEL: "error",
  // The crawl signs in again whenever a mutation costs it its session, and submits the
  // sign-in, sign-up and reset forms with garbage: no limit may answer 429 in between.
  RATE_LIMIT_ATTEMPTS: "1000",
  RATE_LIMIT_IP_ATTEMPTS: "100000",
  PORT: String(robustnessPort),
  DATABASE_URL: "",
  REDIS_URL: "",
} as const;
