import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimits } from "./api-limits";
import { createApp } from "./app";

/**
 * What the public API gets in front of Remix: CORS and per-token rate limits, through
 * the real express app with Remix replaced by a stand-in. The limits count in the
 * Redis of REDIS_URL when it is set (as CI's second pass does), in memory otherwise.
 */
let server: Server;
let base: string;
let redis: Redis | undefined;
const reachedRemix: string[] = [];

const limits = { burst: 5, burstSeconds: 15, perMinute: 8 };
const prefix = `test-${crypto.randomUUID()}`;

beforeAll(async () => {
  redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: 2_048 },
    logger: pino({ level: "silent" }),
    readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ ...limits, redis, keyPrefix: prefix }),
    remix: (req, res) => {
      reachedRemix.push(`${req.method} ${req.path}`);
      res.setHeader("ETag", '"v1"');
      res.status(200).json({ ok: true });
    },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (redis) {
    const keys = await redis.keys(`ratelimit:${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const newToken = () => `hb_pat_${crypto.randomUUID().replaceAll("-", "")}`;

describe("rate limits per token", () => {
  it("says on every API answer what the limits are and what is left of them", async () => {
    const res = await fetch(`${base}/api/v1/me`, { headers: bearer(newToken()) });
    expect(res.status).toBe(200);
    expect(res.headers.get("RateLimit-Policy")).toBe('"burst";q=5;w=15, "sustained";q=8;w=60');
    expect(res.headers.get("RateLimit")).toMatch(/^"burst";r=4;t=(1[0-5]|[1-9]), "sustained";r=7;t=(60|[1-5]\d|[1-9])$/);
  });

  it("answers 429 with Retry-After past the burst, without reaching the API, and only for that token", async () => {
    const token = newToken();
    const before = reachedRemix.length;
    const statuses: number[] = [];
    for (let i = 0; i < limits.burst; i++) statuses.push((await fetch(`${base}/api/v1/teams`, { headers: bearer(token) })).status);
    const over = await fetch(`${base}/api/v1/teams`, { headers: bearer(token) });

    expect(statuses).toEqual(Array(limits.burst).fill(200));
    expect(over.status).toBe(429);
    expect(over.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await over.json()).toMatchObject({ status: 429, code: "rate-limited" });
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get("Retry-After"))).toBeLessThanOrEqual(limits.burstSeconds);
    expect(over.headers.get("RateLimit")).toMatch(/^"burst";r=0;/);
    expect(over.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(reachedRemix.length - before).toBe(limits.burst);

    expect((await fetch(`${base}/api/v1/teams`, { headers: bearer(newToken()) })).status).toBe(200);
  });

  it("counts a path spelt in other letters as the same API", async () => {
    const token = newToken();
    for (let i = 0; i < limits.burst; i++) await fetch(`${base}/API/V1/teams`, { headers: bearer(token) });
    expect((await fetch(`${base}/Api/v1/teams`, { headers: bearer(token) })).status).toBe(429);
  });

  it("counts requests without a token by client address", async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.headers.get("RateLimit")).toMatch(/^"burst";r=\d+;t=\d+, "sustained";r=\d+;t=\d+$/);
  });

  it("holds a sustained limit per minute beyond the burst", async () => {
    const sustained = createApiRateLimits({ burst: 100, burstSeconds: 15, perMinute: 3, redis, keyPrefix: `${prefix}-sustained` });
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await sustained.take("token:sustained"));
    expect(taken.map((take) => take.retryAfter === null)).toEqual([true, true, true, false]);
    expect(taken[3]!.retryAfter).toBeGreaterThan(limits.burstSeconds);
    expect(taken[3]!.rateLimit).toMatch(/"burst";r=96;t=\d+, "sustained";r=0;t=\d+$/);
  });

  it("leaves pages alone", async () => {
    const page = await fetch(`${base}/c/acme/time`);
    expect(page.headers.get("RateLimit")).toBeNull();
    expect(page.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("CORS for the API", () => {
  const elsewhere = "https://scripts.elsewhere.example";

  it("answers a browser's preflight with what the API takes, never credentials", async () => {
    const before = reachedRemix.length;
    const res = await fetch(`${base}/api/v1/teams`, {
      method: "OPTIONS",
      headers: {
        Origin: elsewhere,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(res.headers.get("Access-Control-Allow-Methods")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
    expect(res.headers.get("Access-Control-Allow-Headers")).toBe("Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key");
    expect(res.headers.get("RateLimit")).toBeNull();
    expect(reachedRemix.length).toBe(before);
  });

  it("lets another origin call the API and read its answer and headers", async () => {
    const res = await fetch(`${base}/api/v1/teams`, {
      method: "POST",
      headers: { Origin: elsewhere, ...bearer(newToken()), "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(res.headers.get("Access-Control-Expose-Headers")?.split(", ")).toEqual(
      expect.arrayContaining(["ETag", "Link", "Location", "RateLimit", "RateLimit-Policy", "Retry-After"]),
    );
  });

  it("keeps pages same-origin: another origin's post is refused and no CORS header is sent", async () => {
    const post = await fetch(`${base}/c/acme/time`, { method: "POST", headers: { Origin: elsewhere }, body: "x=1" });
    expect(post.status).toBe(403);
    expect(post.headers.get("Access-Control-Allow-Origin")).toBeNull();

    const preflight = await fetch(`${base}/c/acme/time`, {
      method: "OPTIONS",
      headers: { Origin: elsewhere, "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("sends CORS headers with an answer refused before the API, such as 413", async () => {
    const res = await fetch(`${base}/api/v1/teams`, {
      method: "POST",
      headers: { Origin: elsewhere, ...bearer(newToken()), "Content-Type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(4_096) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("RateLimit")).not.toBeNull();
  });
});
