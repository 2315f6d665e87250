import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests that need a real Postgres server (pool concurrency, advisory locks) are
// named *.pg.test.ts and run only when DATABASE_URL names one, as CI's second pass does.
const onPostgres = Boolean(process.env.DATABASE_URL);
// Likewise *.redis.test.ts (BullMQ) run only when REDIS_URL names a Redis server.
const onRedis = Boolean(process.env.REDIS_URL);

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["{app,db,server,jobs,emails,platform,docs}/**/*.test.{ts,tsx}"],
    exclude: [...(onPostgres ? [] : ["**/*.pg.test.ts"]), ...(onRedis ? [] : ["**/*.redis.test.ts"])],
    globalSetup: ["db/testing/global-setup.ts"],
    env: { NODE_ENV: "test" },
    // server/remix-handler.test.ts collects garbage at the moment it used to bite.
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
