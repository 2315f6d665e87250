import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimits } from "./api-limits";
import { createApp } from "./app";
import type { Readiness, ReadinessReport } from "./readiness";

/** The HTTP layer in front of Remix, with Remix and the checks replaced by stand-ins. */
let server: Server;
let base: string;
let report: ReadinessReport;
const seenByRemix: { requestId: string | undefined }[] = [];

const readiness: Readiness = {
  check: async () => report,
  drain: () => undefined,
  close: async () => undefined,
};

beforeAll(async () => {
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: 2_048 },
    logger: pino({ level: "silent" }),
    readiness,
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ burst: 1_000, burstSeconds: 15, perMinute: 6_000 }),
    remix: (req, res) => {
      seenByRemix.push({ requestId: String(req.id) });
      if (req.path === "/large") return void res.type("html").send("<p>hours</p>".repeat(2_000));
      res.status(404).send(`<p nonce="${String(res.locals.cspNonce)}">not found</p>`);
    },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the HTTP layer", () => {
  it("answers /healthz while the process is up", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz 200 when every dependency answers", async () => {
    report = { ready: true, checks: { database: { ok: true } } };
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
  });

  it("answers /readyz 503 with the reason when a dependency is down", async () => {
    report = { ready: false, checks: { database: { ok: false, error: "connect ECONNREFUSED 127.0.0.1:5432" } } };
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unavailable",
      checks: { database: { ok: false, error: "connect ECONNREFUSED 127.0.0.1:5432" } },
    });
  });

  it("gives every response a request id, keeping a sane one from the caller", async () => {
    const fresh = await fetch(`${base}/anything`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(seenByRemix.at(-1)?.requestId).toBe(fresh.headers.get("x-request-id"));

    const kept = await fetch(`${base}/anything`, { headers: { "x-request-id": "edge-1234abcd" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-1234abcd");

    const replaced = await fetch(`${base}/anything`, { headers: { "x-request-id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("<script>");
  });

  it("sends security headers with a fresh script nonce per request", async () => {
    const first = await fetch(`${base}/page`);
    const second = await fetch(`${base}/page`);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'strict-dynamic' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toEqual(second.headers.get("content-security-policy"));
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(await first.text()).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-powered-by")).toBeNull();
  });

  it("answers a malformed URL escape with 400 and no stack trace", async () => {
    const res = await fetch(`${base}/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Bad request");
  });

  it("refuses state-changing requests from another origin (CSRF)", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: "a=1" });
    expect((await post({ origin: "https://evil.example" })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    expect((await post({ referer: "https://evil.example/page" })).status).toBe(403);
    expect((await post({ origin: "https://hourbook.example" })).status).toBe(404);
    expect((await post({ origin: base })).status).toBe(404);
    expect((await fetch(`${base}/webhooks/stripe`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("refuses bodies over the limit with 413 before reading them", async () => {
    const res = await fetch(`${base}/login`, { method: "POST", headers: { origin: base }, body: "x".repeat(4_096) });
    expect(res.status).toBe(413);
  });

  // The API reads no cookie, so a program's write without an Origin is no cross-site request.
  it("lets API writes through without an Origin, from anywhere", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/teams`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
    expect((await post({})).status).toBe(404);
    expect((await post({ origin: "https://elsewhere.example" })).status).toBe(404);
  });

  it("answers an API body over the limit with 413 as problem details", async () => {
    const res = await fetch(`${base}/api/v1/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(4_096) });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 413, code: "payload-too-large" });
  });

  it("compresses responses for clients that accept it", async () => {
    const res = await fetch(`${base}/large`, { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(await res.text()).toHaveLength("<p>hours</p>".length * 2_000);
  });
});
