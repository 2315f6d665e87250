import type { AppLoadContext } from "@remix-run/node";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createTestApp } from "~/testing/context";
import { signedWebhook, createBilledTestApp, stripeEvent, subscriptionObject } from "~/testing/stripe-stand-in";
import { action } from "./webhooks.stripe";

/**
 * POST /webhooks/stripe as Stripe calls it, with payloads signed by the SDK's test
 * helper: only verified events are stored, each once, with one job each.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

const post = (request: Request) => action({ request, params: {}, context }) as Promise<Response>;

async function stored(eventId: string) {
  const [row] = await db.query<{ events: number; jobs: number }>(sql`
    select (select count(*)::int from stripe_events where id = ${eventId}) as events,
           (select count(*)::int from account_outbox where job = 'apply-stripe-event' and payload->>'eventId' = ${eventId}) as jobs`);
  return row;
}

const now = () => Math.floor(Date.now() / 1000);

describe("POST /webhooks/stripe", () => {
  it("stores a verified event with its job, routed to the company whose customer it names, and answers 200", async () => {
    const companyId = await createCompany(db, "Webhook customer");
    await db.query(sql`insert into company_subscriptions (company_id, plan, stripe_customer_id) values (${companyId}, 'free', 'cus_testwebhook1')`);
    const event = stripeEvent("customer.subscription.updated", subscriptionObject({ customer: "cus_testwebhook1" }), now());
    const response = await post(signedWebhook(JSON.stringify(event)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await stored(event.id)).toEqual({ events: 1, jobs: 1 });
    const [job] = await db.query<{ payload: unknown }>(sql`select payload from account_outbox where payload->>'eventId' = ${event.id}`);
    expect(job?.payload).toEqual({ eventId: event.id, companyId });
  });

  it("keeps the event exactly as Stripe sent it", async () => {
    const event = {
      ...stripeEvent("customer.subscription.updated", subscriptionObject({ customer: "cus_testasis" }), now()),
      data: { object: subscriptionObject({ customer: "cus_testasis" }), previous_attributes: { status: "trialing" } },
      request: { id: null, idempotency_key: null },
      pending_webhooks: 1,
    };
    expect((await post(signedWebhook(JSON.stringify(event)))).status).toBe(200);
    const [row] = await db.query<{ payload: unknown; type: string; created: Date }>(sql`select payload, type, created from stripe_events where id = ${event.id}`);
    expect(row).toEqual({ payload: event, type: event.type, created: new Date(event.created * 1000) });
  });

  it("acknowledges a replayed event and stores and queues nothing more", async () => {
    const payload = JSON.stringify(stripeEvent("invoice.paid", { id: "in_test1", customer: "cus_testreplay" }, now()));
    const first = await post(signedWebhook(payload));
    const again = await post(signedWebhook(payload));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await stored(JSON.parse(payload).id)).toEqual({ events: 1, jobs: 1 });
  });

  it("accepts an event type it won't apply, and one for a company it doesn't know: the job notes them", async () => {
    const event = stripeEvent("product.created", { id: "prod_test1" }, now());
    expect((await post(signedWebhook(JSON.stringify(event)))).status).toBe(200);
    const [job] = await db.query<{ payload: unknown }>(sql`select payload from account_outbox where payload->>'eventId' = ${event.id}`);
    expect(job?.payload).toEqual({ eventId: event.id, companyId: null });
  });

  it("refuses a wrong signature, and stores nothing", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_test2" }, now());
    const response = await post(signedWebhook(JSON.stringify(event), "whsec_someoneelse"));
    expect(response.status).toBe(400);
    expect(await stored(event.id)).toEqual({ events: 0, jobs: 0 });
  });

  it("refuses a delivery signed more than five minutes ago: a captured delivery can't be replayed later", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_test6" }, now());
    const payload = JSON.stringify(event);
    const header = new Stripe("sk_test_signer").webhooks.generateTestHeaderString({ payload, secret: "whsec_hourbooktest", timestamp: now() - 600 });
    const request = new Request("http://hourbook.test/webhooks/stripe", { method: "POST", headers: { "stripe-signature": header }, body: payload });
    expect((await post(request)).status).toBe(400);
    expect(await stored(event.id)).toEqual({ events: 0, jobs: 0 });
  });

  it("refuses a body changed after signing", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_test3" }, now());
    const signed = signedWebhook(JSON.stringify(event));
    const tampered = new Request(signed.url, { method: "POST", headers: signed.headers, body: JSON.stringify({ ...event, type: "invoice.voided" }) });
    expect((await post(tampered)).status).toBe(400);
    expect(await stored(event.id)).toEqual({ events: 0, jobs: 0 });
  });

  it("refuses a delivery without the Stripe-Signature header", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_test4" }, now());
    const response = await post(new Request("http://hourbook.test/webhooks/stripe", { method: "POST", body: JSON.stringify(event) }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("missing Stripe-Signature");
    expect(await stored(event.id)).toEqual({ events: 0, jobs: 0 });
  });

  it("refuses a signed body that is not JSON, or not an event", async () => {
    const before = await db.query<{ n: number }>(sql`select count(*)::int as n from stripe_events`);
    const notJson = await post(signedWebhook('{"id": "evt_testbroken", '));
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain("not JSON");
    expect((await post(signedWebhook(JSON.stringify({ id: "evt_testnotanevent", hello: "world" })))).status).toBe(400);
    expect(await db.query(sql`select count(*)::int as n from stripe_events`)).toEqual(before);
  });

  it("is not there while billing isn't configured", async () => {
    const unconfigured = await createTestApp(db);
    try {
      const event = stripeEvent("invoice.paid", { id: "in_test5" }, now());
      const response = (await action({ request: signedWebhook(JSON.stringify(event)), params: {}, context: unconfigured.context() })) as Response;
      expect(response.status).toBe(404);
    } finally {
      await unconfigured.close();
    }
  });
});
