/**
 * npm run bench:webhooks: Stripe webhooks (issue #6), measured in two halves.
 *
 * 1. Accepted per second at the endpoint: BENCH_WEBHOOK_EVENTS signed deliveries
 *    (default 4,000; signed before the clock starts, as Stripe signs them on its
 *    side) POSTed over real HTTP by BENCH_WEBHOOK_CLIENTS concurrent clients (default
 *    20, keep-alive) to the product's HTTP layer (server/app.ts: body limit, origin
 *    check, request logging) whose Remix stand-in hands each request to the route's
 *    action (app/routes/webhooks.stripe.tsx) with the real load context: signature
 *    check, insert by event id, the job written to account_outbox, 200. Remix's own
 *    router is not in the loop (it would need a build); everything the route does is.
 * 2. Processed per second by the worker: the outbox relay → BullMQ (Redis) →
 *    apply-stripe-event at WORKER_CONCURRENCY (default 5, as `npm run worker`), from
 *    the backlog phase 1 left until every event is marked processed.
 *
 * Events: 3 in 4 customer.subscription.updated, 1 in 4 invoice.paid, spread over 50
 * companies, so subscription updates of one company contend for its row as they
 * would. On a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped; Redis on
 * REDIS_URL (default redis://127.0.0.1:6379) under a key prefix of its own, removed.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import type { AppLoadContext } from "@remix-run/node";
// As server/remix-handler.ts: the adapter's own Request conversion.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { pino } from "pino";
import Stripe from "stripe";
import { action as webhookAction } from "../app/routes/webhooks.stripe";
import { startStripeStandIn } from "../app/testing/stripe-stand-in-server";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql } from "../db/sql";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createScratchDatabase } from "../db/testing/postgres-admin";
import { startJobProcessing } from "../jobs/processing";
import { configuredProcessors } from "../jobs/processors";
import { queueConcurrency } from "../jobs/queues";
import { createJobRunner } from "../jobs/runners";
import { deleteKeys } from "../jobs/testing/redis";
import { createApp } from "../server/app";
import { parseConfig } from "../platform/config";
import { createServices } from "../server/services";

const eventCount = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 4_000);
const clients = Number(process.env.BENCH_WEBHOOK_CLIENTS ?? 20);
const companyCount = 50;
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `hourbook-bench-webhooks-${randomUUID().slice(0, 8)}`;
const timeLimitMs = 10 * 60_000;
const webhookSecret = "whsec_hourbookbench";
const teamPrice = "price_benchteam";

const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));

async function until(done: () => Promise<boolean>, label: string, limitMs = 5 * 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${label}: not finished within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The deliveries, each with its Stripe-Signature header, in the order Stripe would send them. */
function signedDeliveries(customers: string[]): { payload: string; signature: string }[] {
  const signer = new Stripe("sk_test_benchsigner");
  const start = Math.floor(Date.now() / 1000) - 60;
  return Array.from({ length: eventCount }, (_, i) => {
    const customer = customers[i % customers.length]!;
    const created = start + Math.floor(i / customers.length);
    const object =
      i % 4 === 3
        ? { id: `in_bench${i}`, object: "invoice", customer, currency: "eur", amount_due: 4_900, amount_paid: 4_900, attempt_count: 1 }
        : {
            id: `sub_bench${i % customers.length}`,
            object: "subscription",
            customer,
            status: "active",
            cancel_at_period_end: false,
            metadata: {},
            // One seat: each company has one active member, so no seat sync follows.
            items: { object: "list", data: [{ id: "si_bench", price: { id: teamPrice }, quantity: 1, current_period_start: created, current_period_end: created + 30 * 86_400 }] },
          };
    const type = i % 4 === 3 ? "invoice.paid" : "customer.subscription.updated";
    const payload = JSON.stringify({ id: `evt_bench${i}x${prefix.slice(-8)}`, object: "event", type, created, livemode: false, data: { object } });
    return { payload, signature: signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) };
  });
}

async function main() {
  const timer = setTimeout(() => {
    console.error(`bench:webhooks gave up after ${timeLimitMs / 1000} s`);
    process.exit(1);
  }, timeLimitMs);
  timer.unref();

  const scratch = await createScratchDatabase(serverUrl);
  const db = openPostgres({ url: scratch.url, poolMax: 10, connectTimeoutSeconds: 5 });
  // Billing is configured; nothing in these events calls Stripe, the stand-in only makes the configuration whole.
  const standIn = await startStripeStandIn();
  const config = parseConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: scratch.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    STRIPE_SECRET_KEY: "sk_test_hourbookbench",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_PRICE_TEAM: teamPrice,
    STRIPE_PRICE_BUSINESS: "price_benchbusiness",
    STRIPE_API_BASE: standIn.url,
  });
  const logger = pino({ level: "silent" });
  let closeServices: (() => Promise<void>) | undefined;
  try {
    await migrate(db);
    const customers: string[] = [];
    for (let i = 0; i < companyCount; i += 1) {
      const companyId = await createCompany(db, `Bench ${i}`);
      await createMember(db, companyId, "owner");
      const customer = `cus_bench${i}x${prefix.slice(-8)}`;
      await db.query(sql`insert into company_subscriptions (company_id, plan, stripe_customer_id) values (${companyId}, 'free', ${customer})`);
      customers.push(customer);
    }
    const deliveries = signedDeliveries(customers);

    // The web process as server/index.ts makes it: with Redis set it runs no jobs, so the backlog waits for phase 2.
    const running = await createServices({ config, db, logger });
    closeServices = running.close;
    const context = { ...running.services, logger, requestId: "bench", cspNonce: "", clientIp: "127.0.0.1" } as AppLoadContext;
    const app = createApp({
      config,
      logger,
      readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
      publicDir: mkdtempSync(`${tmpdir()}/hourbook-bench-public-`),
      apiRateLimits: running.apiRateLimits,
      remix: async (req, res, next) => {
        try {
          const response = (await webhookAction({ request: createRemixRequest(req, res), params: {}, context })) as Response;
          res.status(response.status).type(response.headers.get("Content-Type") ?? "text/plain").send(await response.text());
        } catch (error) {
          next(error);
        }
      },
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;

    console.log(`Database: scratch database on ${new URL(serverUrl).host} (dropped afterwards)`);
    console.log(`Redis:    ${new URL(redisUrl).host} (keys under ${prefix}:*, removed afterwards)`);
    console.log(`Events:   ${eventCount} signed deliveries over ${companyCount} companies, ${clients} concurrent HTTP clients\n`);

    const statuses = new Map<number, number>();
    let next = 0;
    const acceptStart = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < deliveries.length) {
          const delivery = deliveries[next++]!;
          const response = await fetch(endpoint, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Stripe-Signature": delivery.signature },
            body: delivery.payload,
          });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const acceptMs = performance.now() - acceptStart;
    if (statuses.get(200) !== eventCount) throw new Error(`not every delivery was accepted: ${JSON.stringify(Object.fromEntries(statuses))}`);

    // A repeat of every tenth delivery: acknowledged, nothing stored.
    const repeats = deliveries.filter((_, i) => i % 10 === 0);
    const repeatStart = performance.now();
    let repeatIndex = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (repeatIndex < repeats.length) {
          const delivery = repeats[repeatIndex++]!;
          const response = await fetch(endpoint, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Stripe-Signature": delivery.signature },
            body: delivery.payload,
          });
          const body = (await response.json()) as { duplicate?: boolean };
          if (!body.duplicate) throw new Error("a repeated delivery was not recognised");
        }
      }),
    );
    const repeatMs = performance.now() - repeatStart;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    // Phase 2: a worker process's job processing, as `npm run worker` starts it (without its schedules).
    const runner = createJobRunner({ config, db, logger });
    const processed = async () => {
      const [row] = await db.query<{ done: number }>(sql`select count(*)::int as done from stripe_events where processed_at is not null`);
      return row!.done;
    };
    const processStart = performance.now();
    const processing = await startJobProcessing({
      db,
      runner,
      logger,
      concurrency: config.WORKER_CONCURRENCY,
      concurrencyByQueue: queueConcurrency,
      processors: configuredProcessors({ config, db, logger, scheduler: runner }),
    });
    await until(async () => (await processed()) >= eventCount, "processing");
    const processMs = performance.now() - processStart;
    await processing.stop();

    const [check] = await db.query<{ failed: number; notes: number; audited: number }>(sql`
      select (select count(*)::int from stripe_events where error is not null) as failed,
             (select count(*)::int from stripe_events where note is not null) as notes,
             (select count(*)::int from audit_entries where actor_id = 'apply-stripe-event') as audited`);

    const pad = (value: number) => String(value).padStart(7);
    console.log(`accepted at the endpoint (new events)          ${pad(rate(eventCount, acceptMs))} events/s  (${(acceptMs / 1000).toFixed(1)} s)`);
    console.log(`acknowledged repeats (nothing stored)          ${pad(rate(repeats.length, repeatMs))} events/s`);
    console.log(`processed by the worker (relay → BullMQ → apply-stripe-event, concurrency ${config.WORKER_CONCURRENCY})`);
    console.log(`                                               ${pad(rate(eventCount, processMs))} events/s  (${(processMs / 1000).toFixed(1)} s)`);
    console.log(`(failed: ${check!.failed}; changed nothing, e.g. stale: ${check!.notes}; audit entries written: ${check!.audited})`);
  } finally {
    await closeServices?.();
    await db.close();
    await standIn.close();
    await deleteKeys(redisUrl, prefix);
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
