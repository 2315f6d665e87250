import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingPlans } from "../../app/kernel/company/plans";
import { recordStripeEvent } from "../../app/billing/stripe-events.server";
import { invoiceObject, stripeEvent, subscriptionObject } from "../../app/testing/stripe-stand-in";
import { stripeEventSchema } from "../../app/billing/stripe-objects";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import type { Database } from "../../db/types";
import { relayOutbox } from "../outbox-relay";
import { jobs, type ProductJobs } from "../queues";
import { UnrecoverableError, type JobRequest, type JobRunner, type Processors } from "../runner";
import { createInProcessRunner } from "../runners/in-process";
import { eventually, testLogger } from "../testing/helpers";
import { createApplyStripeEventProcessor } from "./apply-stripe-event";

/**
 * apply-stripe-event against a real database on both backends: each event is
 * applied once, in any order, for the company that owns its Stripe customer, and
 * anything it can't apply is acknowledged with a note instead of retried forever.
 */
let db: TestDatabase;
const plans = billingPlans({ STRIPE_PRICE_TEAM: "price_team", STRIPE_PRICE_BUSINESS: "price_business" });
const processorFor = (database: Database = db) => createApplyStripeEventProcessor({ db: database, logger: testLogger, plans });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

let customers = 0;
/** A company with an owner, an admin and an employee, and a Stripe customer of its own. */
async function billedCompany() {
  const companyId = await createCompany(db, "Billed");
  const owner = await createMember(db, companyId, "owner");
  const admin = await createMember(db, companyId, "admin");
  const employee = await createMember(db, companyId, "employee");
  customers += 1;
  const customer = `cus_test${Date.now()}n${customers}`;
  await db.query(sql`insert into company_subscriptions (company_id, plan, stripe_customer_id) values (${companyId}, 'free', ${customer})`);
  return { companyId, customer, owner, admin, employee };
}

/** Store an event as the webhook does, then run its job; returns the event's id. */
async function deliver(event: ReturnType<typeof stripeEvent>, database: Database = db): Promise<string> {
  await recordStripeEvent(db, stripeEventSchema.parse(event));
  await run(event.id, database);
  return event.id;
}

function run(eventId: string, database: Database = db) {
  return processorFor(database)({
    id: `job-${eventId}`,
    name: "apply-stripe-event",
    queue: "billing",
    data: { eventId, companyId: null },
    attempt: 1,
    maxAttempts: 5,
  });
}

async function subscriptionOf(companyId: string) {
  const [row] = await db.query<{ plan: string; status: string; seats: number; stripe_subscription_id: string | null; current_period_end: Date | null }>(sql`
    select plan, status, seats, stripe_subscription_id, current_period_end from company_subscriptions where company_id = ${companyId}`);
  return row;
}

async function eventRow(eventId: string) {
  const [row] = await db.query<{ processed: boolean; note: string | null; error: string | null; attempts: number }>(sql`
    select processed_at is not null as processed, note, error, attempts from stripe_events where id = ${eventId}`);
  return row;
}

const t0 = 1_763_700_000;

describe("apply-stripe-event", () => {
  it("applies a subscription's plan, status, seats and period, and records it in the company's audit log as Stripe", async () => {
    const company = await billedCompany();
    const id = await deliver(
      stripeEvent("customer.subscription.created", subscriptionObject({ customer: company.customer, price: "price_business", quantity: 3, periodEnd: t0 + 86_400 }), t0),
    );
    expect(await subscriptionOf(company.companyId)).toEqual({
      plan: "business", status: "active", seats: 3, stripe_subscription_id: "sub_test1", current_period_end: new Date((t0 + 86_400) * 1000),
    });
    expect(await eventRow(id)).toEqual({ processed: true, note: null, error: null, attempts: 1 });
    const audit = await db.query(sql`
      select action, actor_kind, actor_id from audit_entries where company_id = ${company.companyId} and entity_type = 'subscription' order by seq desc limit 1`);
    expect(audit).toEqual([{ action: "billing.subscription_change", actor_kind: "system", actor_id: "apply-stripe-event" }]);
  });

  it("never lets an older event overwrite newer state", async () => {
    const company = await billedCompany();
    await deliver(stripeEvent("customer.subscription.updated", subscriptionObject({ customer: company.customer, status: "active", quantity: 5 }), t0 + 60));
    const late = await deliver(stripeEvent("customer.subscription.created", subscriptionObject({ customer: company.customer, status: "incomplete", quantity: 1 }), t0));
    expect(await subscriptionOf(company.companyId)).toMatchObject({ status: "active", seats: 5 });
    expect(await eventRow(late)).toMatchObject({ processed: true, note: expect.stringMatching(/^stale/) });
  });

  it("keeps a canceled subscription canceled against an update from the same second, and ignores the end of a replaced one", async () => {
    const company = await billedCompany();
    await deliver(stripeEvent("customer.subscription.deleted", subscriptionObject({ customer: company.customer, status: "canceled" }), t0));
    await deliver(stripeEvent("customer.subscription.updated", subscriptionObject({ customer: company.customer, status: "active" }), t0));
    expect(await subscriptionOf(company.companyId)).toMatchObject({ status: "canceled" });

    await deliver(stripeEvent("customer.subscription.created", subscriptionObject({ id: "sub_test2", customer: company.customer }), t0 + 10));
    await deliver(stripeEvent("customer.subscription.deleted", subscriptionObject({ id: "sub_test1", customer: company.customer, status: "canceled" }), t0 + 20));
    expect(await subscriptionOf(company.companyId)).toMatchObject({ status: "active", stripe_subscription_id: "sub_test2" });
  });

  it("does nothing the second time a job runs for the same event", async () => {
    const company = await billedCompany();
    const id = await deliver(stripeEvent("invoice.payment_failed", invoiceObject({ customer: company.customer }), t0));
    await run(id);
    const [counts] = await db.query<{ notifications: number; audited: number }>(sql`
      select (select count(*)::int from notifications where company_id = ${company.companyId}) as notifications,
             (select count(*)::int from audit_entries where company_id = ${company.companyId} and action = 'billing.payment_failed') as audited`);
    expect(counts).toEqual({ notifications: 2, audited: 1 });
    expect(await eventRow(id)).toMatchObject({ attempts: 1 });
  });

  it("tells owners and admins, not employees, when a payment fails: a notification and an email each", async () => {
    const company = await billedCompany();
    await deliver(stripeEvent("invoice.payment_failed", invoiceObject({ customer: company.customer, amountDue: 14_700 }), t0));
    const notified = await db.query<{ user_id: string; title: string; link: string }>(sql`
      select user_id, title, link from notifications where company_id = ${company.companyId} and kind = 'payment-failed' order by user_id`);
    expect(notified.map((n) => n.user_id).sort()).toEqual([company.owner.userId, company.admin.userId].sort());
    expect(notified[0]).toMatchObject({ title: "A payment of €147.00 failed", link: expect.stringMatching(/^\/c\/t-[\w-]+\/billing$/) });
    const emails = await db.query<{ to: string }>(sql`
      select payload->>'to' as to from outbox where company_id = ${company.companyId} and payload->>'template' = 'payment-failed'`);
    expect(emails).toHaveLength(2);
  });

  it("records a paid invoice in the audit log", async () => {
    const company = await billedCompany();
    await deliver(stripeEvent("invoice.paid", invoiceObject({ customer: company.customer, amountDue: 4_900, paid: true }), t0));
    const [entry] = await db.query<{ changes: Record<string, { new: unknown }> }>(sql`
      select changes from audit_entries where company_id = ${company.companyId} and action = 'billing.invoice_paid'`);
    expect(entry?.changes.amount?.new).toBe(4_900);
  });

  it("links a completed Checkout to the company named by our client_reference_id, so later events find it", async () => {
    const companyId = await createCompany(db, "New customer");
    await createMember(db, companyId, "owner");
    const session = { id: "cs_test_1", object: "checkout.session", mode: "subscription", customer: "cus_testfresh1", subscription: "sub_testfresh1", client_reference_id: companyId, metadata: { company_id: companyId } };
    await deliver(stripeEvent("checkout.session.completed", session, t0));
    await deliver(stripeEvent("customer.subscription.updated", subscriptionObject({ id: "sub_testfresh1", customer: "cus_testfresh1" }), t0 + 1));
    expect(await subscriptionOf(companyId)).toMatchObject({ plan: "team", status: "active", stripe_subscription_id: "sub_testfresh1" });
  });

  it("acknowledges an event type it doesn't handle with a note", async () => {
    const company = await billedCompany();
    const id = await deliver(stripeEvent("customer.updated", { id: company.customer, object: "customer" }, t0));
    expect(await eventRow(id)).toEqual({ processed: true, note: expect.stringMatching(/^ignored: customer.updated/), error: null, attempts: 1 });
  });

  it("acknowledges an event for a customer or company it doesn't know, without retrying", async () => {
    const stranger = await deliver(stripeEvent("customer.subscription.updated", subscriptionObject({ customer: "cus_testnobody" }), t0));
    expect(await eventRow(stranger)).toMatchObject({ processed: true, note: "skipped: no company for customer cus_testnobody" });
    const vanished = { id: "cs_test_2", mode: "subscription", customer: null, subscription: null, client_reference_id: "00000000-0000-4000-8000-000000000000" };
    const id = await deliver(stripeEvent("checkout.session.completed", vanished, t0));
    expect(await eventRow(id)).toMatchObject({ processed: true, note: expect.stringMatching(/^skipped/) });
  });

  it("logs a skipped event with its note, so an operator can see what was acknowledged and why", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const event = stripeEvent("invoice.payment_failed", invoiceObject({ customer: "cus_testlogged" }), t0);
    await recordStripeEvent(db, stripeEventSchema.parse(event));
    const apply = createApplyStripeEventProcessor({ db, logger, plans });
    await apply({ id: "job-logged", name: "apply-stripe-event", queue: "billing", data: { eventId: event.id, companyId: null }, attempt: 1, maxAttempts: 5 });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, eventId: event.id, note: "skipped: no company for customer cus_testlogged", msg: "Stripe event changed nothing" }),
    ]);
    expect(await eventRow(event.id)).toMatchObject({ processed: true, error: null, attempts: 1 });
  });

  it("notes a failure on the event and fails the attempt so the runner retries; the retry clears it", async () => {
    const company = await billedCompany();
    const event = stripeEvent("customer.subscription.updated", subscriptionObject({ customer: company.customer, quantity: 7 }), t0);
    let failures = 1;
    const flaky: Database = {
      ...db,
      query: (query) => db.query(query),
      transaction: (work) => (failures-- > 0 ? Promise.reject(new Error("connection reset")) : db.transaction(work)),
    };
    const failed = deliver(event, flaky);
    await expect(failed).rejects.toThrow("connection reset");
    await expect(failed).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(await eventRow(event.id)).toEqual({ processed: false, note: null, error: "connection reset", attempts: 1 });

    await run(event.id, flaky);
    expect(await eventRow(event.id)).toEqual({ processed: true, note: null, error: null, attempts: 2 });
    expect(await subscriptionOf(company.companyId)).toMatchObject({ seats: 7 });
  });

  it("retries with backoff through the job runner, then shows on the company's failed jobs until retried from there", async () => {
    const company = await billedCompany();
    const event = stripeEvent("customer.subscription.updated", subscriptionObject({ customer: company.customer, quantity: 9 }), t0);
    await recordStripeEvent(db, stripeEventSchema.parse(event));
    let healthy = false;
    const flaky: Database = {
      ...db,
      query: (query) => db.query(query),
      transaction: (work) => (healthy ? db.transaction(work) : Promise.reject(new Error("connection reset"))),
    };
    const runner = createInProcessRunner({ catalog: jobs, db, logger: testLogger, retry: { attempts: 3, backoffMs: 10 }, pollIntervalMs: 20 });
    try {
      runner.work({ "apply-stripe-event": processorFor(flaky) } as unknown as Processors<ProductJobs>, { concurrency: 1 });
      await runner.enqueue({ name: "apply-stripe-event", payload: { eventId: event.id, companyId: company.companyId }, jobId: `job-${event.id}` });
      const [failed] = await eventually(async () => {
        const list = await runner.listFailed(company.companyId);
        return list.length > 0 && list;
      });
      expect(failed).toMatchObject({ id: `job-${event.id}`, name: "apply-stripe-event", attempts: 3, error: "connection reset" });
      expect(await eventRow(event.id)).toEqual({ processed: false, note: null, error: "connection reset", attempts: 3 });

      healthy = true;
      expect(await runner.retryFailed(company.companyId, `job-${event.id}`)).toBe(true);
      await eventually(async () => (await eventRow(event.id))?.processed);
      expect(await subscriptionOf(company.companyId)).toMatchObject({ seats: 9 });
    } finally {
      await runner.close();
    }
  });

  it("gives up at once on an event whose object is malformed, and says why", async () => {
    const company = await billedCompany();
    const broken = { ...subscriptionObject({ customer: company.customer }), items: { data: [] } };
    const event = stripeEvent("customer.subscription.updated", broken, t0);
    await expect(deliver(event)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await eventRow(event.id)).toMatchObject({ processed: false, error: expect.stringContaining("malformed") });
  });

  it("reaches the job runner through the outbox relay, as the event's id and company under the outbox row's id", async () => {
    const company = await billedCompany();
    const event = stripeEvent("invoice.paid", invoiceObject({ customer: company.customer, paid: true }), t0);
    await recordStripeEvent(db, stripeEventSchema.parse(event));
    const handed: JobRequest[] = [];
    const runner = { catalog: jobs, enqueueMany: async (requests: JobRequest[]) => void handed.push(...requests) };
    await relayOutbox({ db, runner: runner as unknown as JobRunner, logger: testLogger });
    const [row] = await db.query<{ id: string }>(sql`select id from account_outbox where payload->>'eventId' = ${event.id}`);
    expect(handed.filter((request) => request.jobId === row?.id)).toEqual([
      { name: "apply-stripe-event", payload: { eventId: event.id, companyId: company.companyId }, jobId: row?.id },
    ]);
  });

  it("refuses a job for an event that was never stored", async () => {
    await expect(run("evt_testmissing")).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
