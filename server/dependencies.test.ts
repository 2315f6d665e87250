import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GaveUpError } from "../platform/retry";
import { connectDependencies } from "./dependencies";

const run = promisify(execFile);
const quick = { attempts: 3, firstDelayMs: 1, maxDelayMs: 4 };

describe("start-up", () => {
  it("tries an unreachable database again with backoff, then gives up naming it and the attempts", async () => {
    const warnings: string[] = [];
    const logger = pino({ level: "warn", hooks: { logMethod: (args) => void warnings.push(String(args.at(-1))) } });
    const config = {
      DATABASE_URL: "postgres://hourbook:s3cret@127.0.0.1:9/hourbook",
      DATABASE_POOL_MAX: 1,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 2,
      DATA_DIR: ".data",
      REDIS_URL: undefined,
      STARTUP_ATTEMPTS: 3,
    };
    const error = await connectDependencies(config, logger, { policy: quick }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GaveUpError);
    expect((error as Error).message).toMatch(
      /^Gave up on the database after 3 attempts: Cannot reach the database at postgres:\/\/hourbook:\*\*\*\*@127\.0\.0\.1:9\/hourbook/,
    );
    expect((error as Error).message).not.toContain("s3cret");
    expect(warnings).toEqual(["The database is not reachable yet; retrying", "The database is not reachable yet; retrying"]);
  });

  it("stops the server process with that message when the database stays away", async () => {
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      SESSION_SECRET: "s".repeat(32),
      SECRETS_KEY: "0".repeat(64),
      DATABASE_URL: "postgres://hourbook@127.0.0.1:9/hourbook",
      DATABASE_CONNECT_TIMEOUT_SECONDS: "1",
      STARTUP_ATTEMPTS: "2",
      REDIS_URL: "",
    };
    const outcome = await run(process.execPath, ["--import", "tsx", "server/index.ts"], { env }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect(outcome).toMatchObject({ code: 1 });
    const fatal = (outcome as { stdout: string }).stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .find((line) => line.level === 60);
    expect(fatal?.msg).toMatch(/^Gave up on the database after 2 attempts: Cannot reach the database at postgres:\/\/hourbook@127\.0\.0\.1:9\/hourbook/);
  });
});
