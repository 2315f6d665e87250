import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Counts failed or abusable attempts (sign-in, sign-up, password reset, invitation
 * acceptance) per key. Redis when configured, so the limit holds across every web
 * process; memory otherwise. If Redis goes away, an in-memory limiter stands in
 * rather than letting every attempt through or failing the request.
 */
export interface AttemptLimiter {
  /** Seconds until another attempt is allowed for any of these keys, or null if none is blocked. */
  blockedFor(keys: string[]): Promise<number | null>;
  /** Count an attempt against every key; returns blockedFor() afterwards. */
  record(keys: string[]): Promise<number | null>;
  /**
   * Count an attempt and say whether it may go ahead: null while every key is within
   * its allowance (the last allowed attempt included), else seconds to wait. One
   * atomic count per key, so parallel attempts can't all slip past a separate check.
   */
  admit(keys: string[]): Promise<number | null>;
  /** Forget a key (e.g. an email after a successful sign-in). */
  reset(key: string): Promise<void>;
}

export interface AttemptLimiterOptions {
  name: string;
  points: number;
  windowSeconds: number;
  redis?: Redis;
}

function build({ name, points, windowSeconds, redis }: AttemptLimiterOptions): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `ratelimit:${name}`,
    points,
    duration: windowSeconds,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${name}:insurance`, points, duration: windowSeconds }),
  });
}

/** The longest of several waits, or null when none is blocked. */
export function longest(...waits: (number | null)[]): number | null {
  const blocked = waits.filter((wait): wait is number => wait !== null);
  return blocked.length ? Math.max(...blocked) : null;
}

export function createAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const limiter = build(options);
  const blockedFor = async (keys: string[]) => {
    const states = await Promise.all(keys.map((key) => limiter.get(key)));
    const waits = states
      .filter((state) => state !== null && state.consumedPoints >= options.points)
      .map((state) => Math.max(1, Math.ceil(state!.msBeforeNext / 1000)));
    return longest(...waits);
  };
  return {
    blockedFor,
    async record(keys) {
      // consume() rejects once a key is over its points; the state is what we want either way.
      await Promise.all(keys.map((key) => limiter.consume(key).catch(() => undefined)));
      return blockedFor(keys);
    },
    async admit(keys) {
      const waits = await Promise.all(
        keys.map((key) =>
          limiter.consume(key).then(
            () => null,
            (refusal: unknown) => {
              if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
              throw refusal;
            },
          ),
        ),
      );
      return longest(...waits);
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
