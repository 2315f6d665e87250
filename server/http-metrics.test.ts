import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "../db/migrate";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import { metricsText } from "../jobs/metrics";
import { createApiRateLimits } from "./api-limits";
import { createApp } from "./app";
import { noteRouteId } from "./request-scope";
import { versionReporter } from "./version";

/** The web process's RED metrics and GET /version, through HTTP, over a real (test) database. */
let db: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: 2_048 },
    logger: pino({ level: "silent" }),
    readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ burst: 1_000, burstSeconds: 15, perMinute: 6_000 }),
    version: versionReporter(db, { commit: "0123456789abcdef0123456789abcdef01234567", builtAt: "2026-12-07T20:00:00.000Z" }),
    // As the route wrapper does: the page's loader names the request.
    remix: (req, res) => {
      noteRouteId("root");
      noteRouteId("routes/c.$company.reports.time");
      if (req.path === "/broken") return void res.status(500).send("no");
      res.send("ok");
    },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

describe("HTTP metrics", () => {
  it("count and time requests by route id, method and status class, and none stay in flight", async () => {
    const route = 'route="routes/c.$company.reports.time",method="GET"';
    const before = await metricsText();
    const okBefore = sample(before, "hourbook_http_requests_total", `${route},status_class="2xx"`) ?? 0;
    const failedBefore = sample(before, "hourbook_http_requests_total", `${route},status_class="5xx"`) ?? 0;

    for (const path of ["/c/acme/reports/time", "/c/other/reports/time", "/broken"]) await (await fetch(`${base}${path}`)).text();
    await (await fetch(`${base}/healthz`)).text();

    const after = await metricsText();
    expect(sample(after, "hourbook_http_requests_total", `${route},status_class="2xx"`)).toBe(okBefore + 2);
    expect(sample(after, "hourbook_http_requests_total", `${route},status_class="5xx"`)).toBe(failedBefore + 1);
    expect(sample(after, "hourbook_http_requests_total", 'route="healthz",method="GET",status_class="2xx"')).toBeGreaterThanOrEqual(1);
    expect(sample(after, "hourbook_http_request_duration_seconds_count", `${route},status_class="2xx"`)).toBe(okBefore + 2);
    expect(after).toMatch(/^hourbook_http_requests_in_flight 0$/m);
    // The URL's own values (company slugs) never become labels.
    expect(after).not.toContain("acme");
  });
});

describe("GET /version", () => {
  it("names the commit, the build time and the newest migration applied and known", async () => {
    const res = await fetch(`${base}/version`);
    expect(res.status).toBe(200);
    const newest = readMigrations().at(-1)?.name;
    expect(await res.json()).toEqual({
      commit: "0123456789abcdef0123456789abcdef01234567",
      builtAt: "2026-12-07T20:00:00.000Z",
      migrations: { applied: newest, latestKnown: newest },
    });
  });
});
