import { Redis } from "ioredis";
import { openDatabase } from "../db/connect";
import type { Database } from "../db/types";
import type { Config } from "../platform/config";
import type { Logger } from "../platform/logger";
import { retryWithBackoff, type RetryPolicy } from "../platform/retry";

type DependencyConfig = Pick<
  Config,
  | "DATABASE_URL"
  | "DATABASE_POOL_MAX"
  | "DATABASE_CONNECT_TIMEOUT_SECONDS"
  | "DATA_DIR"
  | "REDIS_URL"
  | "STARTUP_ATTEMPTS"
>;

/** About 15 s of waiting with the default six attempts: 0.5 + 1 + 2 + 4 + 8. */
export function startupPolicy(config: Pick<Config, "STARTUP_ATTEMPTS">): RetryPolicy {
  return { attempts: config.STARTUP_ATTEMPTS, firstDelayMs: 500, maxDelayMs: 10_000 };
}

/** One PING on a connection of its own, which gives up at once rather than reconnecting. */
async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => undefined); // the rejected connect() below carries it
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

function redisLocation(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "****";
  return parsed.toString();
}

/**
 * The database (and Redis when configured) a process needs before it can serve,
 * each tried with backoff (STARTUP_ATTEMPTS); when one stays away the error says
 * which and how often it was tried, and the entry point stops.
 */
export async function connectDependencies(
  config: DependencyConfig,
  logger: Logger,
  options: { policy?: RetryPolicy; onTransactionStart?: (waitSeconds: number) => void } = {},
): Promise<Database> {
  const policy = options.policy ?? startupPolicy(config);
  const retrying = (what: string) => (info: { attempt: number; delayMs: number; error: unknown }) =>
    logger.warn(
      { attempt: info.attempt, retryInMs: info.delayMs, err: info.error instanceof Error ? info.error.message : String(info.error) },
      `${what} is not reachable yet; retrying`,
    );
  const db = await retryWithBackoff(
    "the database",
    () =>
      openDatabase(config, {
        onNotice: (notice) => logger.debug({ notice }, "postgres notice"),
        onTransactionStart: options.onTransactionStart,
      }),
    policy,
    retrying("The database"),
  );
  try {
    if (config.REDIS_URL) {
      const url = config.REDIS_URL;
      await retryWithBackoff(`Redis at ${redisLocation(url)}`, () => pingRedis(url), policy, retrying("Redis"));
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
