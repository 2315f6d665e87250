import { Redis } from "ioredis";
import { sql } from "../db/sql";
import type { Database } from "../db/types";

export interface CheckResult {
  ok: boolean;
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** Report not-ready from now on, so the load balancer stops routing here during shutdown. */
  drain(): void;
  close(): Promise<void>;
}

const checkTimeoutMs = 2_000;

async function timed(probe: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Database always; Redis only when REDIS_URL is configured. */
export function createReadiness(db: Database, redisUrl: string | undefined): Readiness {
  // No offline queue and one retry: a ping to a Redis that is down should fail now, not wait.
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on("error", () => undefined); // reported through /readyz, not as an unhandled event
  let draining = false;

  return {
    async check() {
      const checks: Record<string, CheckResult> = {
        database: await timed(() => db.query(sql`select 1`)),
      };
      if (redis) {
        checks.redis = await timed(async () => {
          if (redis.status === "wait" || redis.status === "end") await redis.connect();
          await redis.ping();
        });
      }
      if (draining) checks.shutdown = { ok: false, error: "shutting down" };
      return { ready: Object.values(checks).every((c) => c.ok), checks };
    },
    drain() {
      draining = true;
    },
    async close() {
      redis?.disconnect();
    },
  };
}
