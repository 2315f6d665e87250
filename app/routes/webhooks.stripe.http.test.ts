import { mkdtempSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
// As server/remix-handler.ts: the adapter's own Request conversion.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp, signedWebhook, stripeEvent } from "~/testing/stripe-stand-in";
import { createApp } from "../../server/app";
import { action } from "./webhooks.stripe";
import { createApiRateLimits } from "../../server/api-limits";

/**
 * POST /webhooks/stripe over HTTP, through the product's HTTP layer (server/app.ts)
 * as Stripe reaches it, for what a broken or hostile delivery can be: too large,
 * without a length, without a body. Each gets a 4xx, never a 500 Stripe would retry
 * for three days, and nothing is stored. (webhooks.stripe.test.ts covers signatures,
 * malformed JSON and repeats at the route.)
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let server: Server;
let endpoint: URL;
const maxBodyBytes = 64 * 1024;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  const context = billed.context;
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: maxBodyBytes },
    logger: pino({ level: "silent" }),
    readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ burst: 1_000, burstSeconds: 15, perMinute: 6_000 }),
    remix: async (req, res, next) => {
      try {
        const response = (await action({ request: createRemixRequest(req, res), params: {}, context })) as Response;
        res.status(response.status).type(response.headers.get("Content-Type") ?? "text/plain").send(await response.text());
      } catch (error) {
        next(error);
      }
    },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await billed.close();
  await db.close();
});

const storedEvents = async () => (await db.query<{ n: number }>(sql`select count(*)::int as n from stripe_events`))[0]!.n;

/** A raw request, so the test decides the framing (Content-Length or chunked) itself. */
function send(options: { headers: Record<string, string>; chunks: (string | Buffer)[] }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(endpoint, { method: "POST", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before a refused body is all sent.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    for (const chunk of options.chunks) req.write(chunk);
    req.end();
  });
}

describe("POST /webhooks/stripe over HTTP", () => {
  it("accepts a signed delivery through the HTTP layer: Stripe needs no Origin header", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_testhttp1", customer: "cus_testhttpnobody" }, Math.floor(Date.now() / 1000));
    const signed = signedWebhook(JSON.stringify(event));
    const response = await fetch(endpoint, { method: "POST", headers: signed.headers, body: await signed.text() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
  });

  it("refuses a body over the limit with 413 before reading it, and stores nothing", async () => {
    const before = await storedEvents();
    // Validly signed, so only its size refuses it.
    const event = stripeEvent("invoice.paid", { id: "in_testhuge", padding: "x".repeat(maxBodyBytes) }, Math.floor(Date.now() / 1000));
    const signed = signedWebhook(JSON.stringify(event));
    const response = await fetch(endpoint, { method: "POST", headers: signed.headers, body: await signed.text() });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/too large/);
    expect(await storedEvents()).toBe(before);
  });

  it("refuses a chunked body without a declared length with 411, rather than read an unbounded stream", async () => {
    const before = await storedEvents();
    const event = stripeEvent("invoice.paid", { id: "in_testchunked" }, Math.floor(Date.now() / 1000));
    const signed = signedWebhook(JSON.stringify(event));
    const payload = JSON.stringify(event);
    const answer = await send({
      headers: { "Content-Type": "application/json", "Stripe-Signature": signed.headers.get("stripe-signature")!, "Transfer-Encoding": "chunked" },
      chunks: [payload.slice(0, 20), payload.slice(20)],
    });
    expect(answer.status).toBe(411);
    expect(await storedEvents()).toBe(before);
  });

  it("answers an empty or unsigned body with 400, and a GET with 405 or 404, never 500", async () => {
    const empty = await send({ headers: { "Content-Length": "0" }, chunks: [] });
    expect(empty).toMatchObject({ status: 400, body: expect.stringContaining("missing Stripe-Signature") });
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x7b]);
    const garbage = await send({
      headers: { "Content-Type": "application/json", "Content-Length": String(bytes.length), "Stripe-Signature": "t=1,v1=nothex" },
      chunks: [bytes],
    });
    expect(garbage.status).toBe(400);
    expect([404, 405]).toContain((await fetch(endpoint)).status);
  });
});
