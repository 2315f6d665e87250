import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { connectDependencies } from "./dependencies";

/** A Redis that comes up only after the first attempt failed, as one restarting beside the app does. */
const port = 4461;
let redis: ChildProcess | undefined;
// Used only when no DATABASE_URL names a server (the embedded database opens there).
const dataDir = `${process.env.TMPDIR ?? "/tmp"}/hourbook-startup-${process.pid}`;

afterAll(() => {
  redis?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

function startRedis(): void {
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
}

describe("start-up with Redis", () => {
  it("waits for a Redis that comes up late", async () => {
    const logger = pino({
      level: "warn",
      hooks: {
        logMethod(args) {
          // The first "not reachable yet" is when the server comes up: the next attempt must find it.
          if (String(args.at(-1)).startsWith("Redis is not reachable") && !redis) startRedis();
        },
      },
    });
    const config = {
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_POOL_MAX: 1,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 5,
      DATA_DIR: dataDir,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      STARTUP_ATTEMPTS: 8,
    };
    const db = await connectDependencies(config, logger, { policy: { attempts: 8, firstDelayMs: 250, maxDelayMs: 2_000 } });
    await db.close();
    expect(redis).toBeDefined();
  });

  it("gives up on a Redis that stays away, naming it", async () => {
    const config = {
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_POOL_MAX: 1,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 5,
      DATA_DIR: dataDir,
      REDIS_URL: "redis://:secret@127.0.0.1:9",
      STARTUP_ATTEMPTS: 2,
    };
    await expect(
      connectDependencies(config, pino({ level: "silent" }), { policy: { attempts: 2, firstDelayMs: 1, maxDelayMs: 1 } }),
    ).rejects.toThrow(/^Gave up on Redis at redis:\/\/:\*\*\*\*@127\.0\.0\.1:9 after 2 attempts/);
  });
});
