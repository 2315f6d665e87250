import { createHash } from "node:crypto";
import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../platform/config";
import { problemBody, problemContentType } from "../app/routing/problems";
import { routedPath } from "./request-guards";

/**
 * Per-token rate limits for the public API (docs/api.md, decision 032): a burst
 * allowance over a few seconds and a sustained one per minute, both counted for
 * every request. Redis when configured, so the limits hold across every web process;
 * memory otherwise, and in place of Redis while it is away (as the sign-in limits do).
 * Counted here, before anything reads the database: a client over its limit costs a
 * hash and a counter, not a token lookup.
 */

interface Policy {
  name: "burst" | "sustained";
  points: number;
  seconds: number;
  limiter: RateLimiterAbstract;
}

export interface ApiRateLimits {
  /** RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers): the same on every answer. */
  readonly policy: string;
  /** Count one request for the key: the RateLimit header, and the seconds to wait when over a limit. */
  take(key: string): Promise<{ rateLimit: string; retryAfter: number | null }>;
}

export interface ApiRateLimitOptions {
  burst: number;
  burstSeconds: number;
  perMinute: number;
  redis?: Redis;
  /** Keeps tests' counters apart in a shared Redis. */
  keyPrefix?: string;
}

function limiterFor(name: string, points: number, duration: number, redis: Redis | undefined, prefix: string): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `ratelimit:${prefix}:${name}`,
    points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${prefix}:${name}:insurance`, points, duration }),
  });
}

export function createApiRateLimits(options: ApiRateLimitOptions): ApiRateLimits {
  const prefix = options.keyPrefix ?? "api";
  const policies: Policy[] = [
    { name: "burst", points: options.burst, seconds: options.burstSeconds },
    { name: "sustained", points: options.perMinute, seconds: 60 },
  ].map((policy) => ({ ...policy, limiter: limiterFor(policy.name, policy.points, policy.seconds, options.redis, prefix) }) as Policy);
  return {
    policy: policies.map(({ name, points, seconds }) => `"${name}";q=${points};w=${seconds}`).join(", "),
    async take(key) {
      const states = await Promise.all(
        policies.map(({ limiter }) =>
          limiter.consume(key).then(
            (state) => ({ state, over: false }),
            (refusal: unknown) => {
              if (refusal instanceof RateLimiterRes) return { state: refusal, over: true };
              throw refusal;
            },
          ),
        ),
      );
      const seconds = (state: RateLimiterRes) => Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      const rateLimit = states
        .map(({ state }, i) => `"${policies[i]!.name}";r=${Math.max(0, state.remainingPoints)};t=${seconds(state)}`)
        .join(", ");
      const waits = states.filter(({ over }) => over).map(({ state }) => seconds(state));
      return { rateLimit, retryAfter: waits.length ? Math.max(...waits) : null };
    },
  };
}

export function apiRateLimitsFrom(
  config: Pick<Config, "API_RATE_LIMIT_BURST" | "API_RATE_LIMIT_BURST_SECONDS" | "API_RATE_LIMIT_PER_MINUTE">,
  redis?: Redis,
): ApiRateLimits {
  return createApiRateLimits({
    burst: config.API_RATE_LIMIT_BURST,
    burstSeconds: config.API_RATE_LIMIT_BURST_SECONDS,
    perMinute: config.API_RATE_LIMIT_PER_MINUTE,
    redis,
  });
}

const bearer = /^Bearer +(\S+) *$/i;

/**
 * Whose allowance a request uses: its token's (by the token's SHA-256, as it is
 * stored, so no secret sits in Redis), or without one its client address. A made-up
 * token only spends an allowance of its own, and gets 401.
 */
function limitKey(authorization: string | undefined, ip: string | undefined): string {
  const token = authorization?.match(bearer)?.[1];
  if (token) return `token:${createHash("sha256").update(token).digest("hex")}`;
  return `ip:${ip ?? "unknown"}`;
}

/** Counts every request under the prefix and says so on its answer; over a limit, 429 with Retry-After. */
export function limitApiRequests(limits: ApiRateLimits, options: { prefix: string }): RequestHandler {
  return (req, res, next) => {
    // As Remix will route it: "/API/V1/…" reaches the API too.
    if (!routedPath(req.path).startsWith(options.prefix)) return next();
    limits.take(limitKey(req.get("authorization"), req.ip)).then(({ rateLimit, retryAfter }) => {
      res.setHeader("RateLimit-Policy", limits.policy);
      res.setHeader("RateLimit", rateLimit);
      if (retryAfter === null) return next();
      res.setHeader("Retry-After", String(retryAfter));
      const detail = `Too many requests: wait ${retryAfter} seconds before the next one.`;
      res.status(429).type(problemContentType).send(JSON.stringify(problemBody(429, "rate-limited", detail)));
    }, next);
  };
}
