import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import type { AppLoadContext, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { withTenant, type TenantContext } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import { executeJob } from "../jobs/execute";
import { jobs } from "../jobs/queues";
import { createApiRateLimits } from "./api-limits";
import { createApp } from "./app";
import { createRequestHandler } from "./remix-handler";
import { noteCompanyId } from "./request-scope";
import { startTracing, type Tracing } from "./tracing";

/**
 * Tracing on, with an in-memory exporter: one request through Express and a Remix
 * loader that runs a tenant transaction, and one job, give the spans an operator
 * would follow, with the request and company ids and no parameters.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let db: TestDatabase;
let member: TenantContext;
let server: Server;
let base: string;

const loader = async ({ context }: LoaderFunctionArgs) => {
  const ctx = context as unknown as { member: TenantContext };
  noteCompanyId(ctx.member.companyId);
  const rows = await withTenant(db, ctx.member, (tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from projects where name <> ${"secret name"}`));
  return new Response(JSON.stringify(rows), { headers: { "Content-Type": "application/json" } });
};

const build = {
  entry: { module: { default: () => new Response("no documents here", { status: 500 }) } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    "routes/c.$company.reports.time": {
      id: "routes/c.$company.reports.time",
      parentId: "root",
      path: "c/:company/reports/time",
      module: { loader },
    },
  },
  assets: { routes: {}, entry: { imports: [], module: "" }, url: "", version: "1" },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

beforeAll(async () => {
  tracing = await startTracing({ endpoint: undefined, serviceName: "hourbook-test", logger: pino({ level: "silent" }), exporter });
  db = await createTestDatabase();
  member = await createMember(db, await createCompany(db, "Traced Co"), "admin");
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: 2_048 },
    logger: pino({ level: "silent" }),
    readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ burst: 1_000, burstSeconds: 15, perMinute: 6_000 }),
    remix: createRequestHandler({ build, mode: "production", getLoadContext: () => ({ member }) as unknown as AppLoadContext }),
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
  await tracing?.shutdown();
});

const byName = (spans: ReadableSpan[], name: string) => spans.find((span) => span.name === name);

describe("tracing", () => {
  it("follows a request from HTTP through the loader and the tenant transaction to its SQL", async () => {
    exporter.reset();
    const res = await fetch(`${base}/c/traced/reports/time`, { headers: { "x-request-id": "trace-me-123" } });
    await res.text();
    const spans = exporter.getFinishedSpans();
    expect(res.status).toBe(200);

    const http = spans.find((span) => span.name === "GET routes/c.$company.reports.time");
    expect(http?.attributes).toMatchObject({
      "http.route": "routes/c.$company.reports.time",
      "hourbook.request_id": "trace-me-123",
      "hourbook.company_id": member.companyId,
    });
    const loaderSpan = byName(spans, "loader routes/c.$company.reports.time");
    const transaction = byName(spans, "tenant transaction");
    const query = spans.find((span) => span.name === "db.query" && String(span.attributes["db.query.text"]).includes("from projects"));
    expect(loaderSpan?.parentSpanContext?.spanId).toBe(http?.spanContext().spanId);
    expect(transaction?.parentSpanContext?.spanId).toBe(loaderSpan?.spanContext().spanId);
    expect(transaction?.attributes["hourbook.company_id"]).toBe(member.companyId);
    expect(query?.parentSpanContext?.spanId).toBe(transaction?.spanContext().spanId);
    expect(query?.spanContext().traceId).toBe(http?.spanContext().traceId);
    // The statement goes with its placeholders; the values people typed never do.
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain("secret name");
    expect(JSON.stringify(spans.map((span) => span.name))).not.toContain("traced");
  });

  it("gives each job attempt a span with its job and company", async () => {
    exporter.reset();
    const job = { id: "job-1", name: "company-clock-changed", queue: "maintenance", attempt: 1, maxAttempts: 3, data: { companyId: member.companyId } };
    await executeJob(job, jobs, { "company-clock-changed": async () => undefined }, pino({ level: "silent" }));
    const span = exporter.getFinishedSpans().find((s) => s.name === "job company-clock-changed");
    expect(span?.attributes).toMatchObject({ "hourbook.job_id": "job-1", "messaging.system": "bullmq", "hourbook.company_id": member.companyId });
  });
});
