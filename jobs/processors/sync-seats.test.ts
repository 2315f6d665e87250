import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { billingPlans } from "../../app/kernel/company/plans";
import { createStripeClient } from "../../app/billing/stripe.server";
import { createAccountService } from "../../app/kernel/accounts/accounts.server";
import { createInvitation } from "../../app/kernel/members/invitations.server";
import { setMemberStatus } from "../../app/kernel/members/members.server";
import type { SeatRules } from "../../app/kernel/members/seats.server";
import { silentAccountDeps } from "../../app/testing/context";
import {
  startStripeStandIn,
  stripeEvent,
  subscriptionObject,
  type StandInHandler,
  type StripeStandIn,
} from "../../app/testing/stripe-stand-in";
import { stripeEventSchema } from "../../app/billing/stripe-objects";
import { recordStripeEvent } from "../../app/billing/stripe-events.server";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { relayOutbox } from "../outbox-relay";
import { jobs, type ProductJobs } from "../queues";
import { UnrecoverableError, type Processors } from "../runner";
import { createInProcessRunner } from "../runners/in-process";
import { eventually, testLogger } from "../testing/helpers";
import { createApplyStripeEventProcessor } from "./apply-stripe-event";
import { createSyncSeatsProcessor } from "./sync-seats";

/**
 * sync-seats against a real database on both backends and Stripe played by the
 * stand-in: every change in active members of a company Stripe bills per seat
 * queues a job in the change's transaction; the job sets the subscription item's
 * quantity to the members counted when it runs, under the outbox id as Stripe's
 * idempotency key, and ends on the right number whatever order runs land in.
 */
let db: TestDatabase;
let standIn: StripeStandIn;
let stripe: Stripe;
const plans = billingPlans({ STRIPE_PRICE_TEAM: "price_team", STRIPE_PRICE_BUSINESS: "price_business" });
const billed: SeatRules = { config: { STRIPE_SECRET_KEY: "sk_test_seatsync", BILLING_DEFAULT_PLAN: "business", BILLING_GRACE_DAYS: 7 }, plans };

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await startStripeStandIn();
  // No SDK retries: each attempt is the job's, so the runner's retries are what is seen.
  stripe = createStripeClient({ STRIPE_SECRET_KEY: "sk_test_seatsync", STRIPE_API_BASE: standIn.url }, { maxNetworkRetries: 0 })!;
});
afterAll(async () => {
  await standIn.close();
  await db.close();
});
beforeEach(() => {
  standIn.requests.length = 0;
});

const processor = (client: Stripe | null = stripe) => createSyncSeatsProcessor({ db, logger: testLogger, stripe: client, plans });
const run = (companyId: string, outboxId: string, client?: Stripe | null) =>
  processor(client)({ id: outboxId, name: "sync-seats", queue: "billing", data: { companyId }, attempt: 1, maxAttempts: 5 });

let companies = 0;
/**
 * A company with `size` active members (the first an owner) and, unless `status`
 * is null, a team subscription for them, in our table and at the stand-in.
 */
async function company(size: number, status: string | null = "active") {
  companies += 1;
  const companyId = await createCompany(db, "Seats");
  const members: TenantContext[] = [await createMember(db, companyId, "owner")];
  for (let i = 1; i < size; i++) members.push(await createMember(db, companyId, "employee"));
  const subscriptionId = `sub_testseats${companies}`;
  const itemId = `si_testseats${companies}`;
  if (status) {
    await db.query(sql`
      insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id, stripe_price_id)
      values (${companyId}, 'team', ${status}, ${size}, ${`cus_testseats${companies}`}, ${subscriptionId}, 'price_team')`);
  }
  const stripeSide = { quantity: size, status: status ?? "active" };
  const setQuantity: StandInHandler = (request) => {
    stripeSide.quantity = Number(request.body.get("quantity"));
    return { body: { id: itemId, object: "subscription_item", quantity: stripeSide.quantity } };
  };
  standIn.on(`GET /v1/subscriptions/${subscriptionId}`, () => ({
    body: {
      id: subscriptionId,
      object: "subscription",
      status: stripeSide.status,
      items: { object: "list", data: [{ id: itemId, object: "subscription_item", price: { id: "price_team" }, quantity: stripeSide.quantity }] },
    },
  }));
  standIn.on(`POST /v1/subscription_items/${itemId}`, setQuantity);
  return {
    companyId,
    subscriptionId,
    customerId: `cus_testseats${companies}`,
    owner: members[0]!,
    members,
    stripeSide,
    setQuantity,
    /** Answer the quantity updates with `handler` from now on. */
    onUpdate: (handler: StandInHandler) => standIn.on(`POST /v1/subscription_items/${itemId}`, handler),
    updates: () => standIn.requests.filter((r) => r.path === `/v1/subscription_items/${itemId}`),
  };
}

/** The company's queued seat syncs, oldest first: their ids are the jobs' ids. */
async function seatJobs(companyId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`
    select id from outbox where company_id = ${companyId} and job = 'sync-seats' order by created_at, id`);
  return rows.map((row) => row.id);
}

const setStatus = (by: TenantContext, member: TenantContext, status: "active" | "deactivated") =>
  withTenant(db, by, (tx) => setMemberStatus(tx, member.userId, status, billed));

async function inviteAndAccept(owner: TenantContext) {
  const email = `joiner-${Date.now()}-${companies}@example.test`;
  await withTenant(db, owner, (tx) => createInvitation(tx, { email, role: "employee", teamIds: [] }, billed));
  const [row] = await db.query<{ payload: { props: { token: string } } }>(sql`
    select payload from outbox where company_id = ${owner.companyId} and payload->>'to' = ${email}`);
  const accounts = createAccountService(silentAccountDeps(db, billed));
  return accounts.acceptInvitation(row!.payload.props.token, { name: "Joiner", password: "plum-orbit-kettle" });
}

describe("sync-seats", () => {
  it("follows an accepted invitation: Stripe's quantity becomes the active members, keyed by the outbox id, logged as the job", async () => {
    const seats = await company(3);
    expect(await inviteAndAccept(seats.owner)).toMatchObject({ ok: true });
    const [jobId, ...more] = await seatJobs(seats.companyId);
    expect(more).toEqual([]);

    await run(seats.companyId, jobId!);
    const [update] = seats.updates();
    expect(update).toMatchObject({ method: "POST", idempotencyKey: jobId, authorization: "Bearer sk_test_seatsync" });
    expect(Object.fromEntries(update!.body)).toEqual({ quantity: "4" });
    expect(seats.stripeSide.quantity).toBe(4);

    const [row] = await db.query(sql`select seats from company_subscriptions where company_id = ${seats.companyId}`);
    expect(row).toEqual({ seats: 4 });
    const entries = await db.query(sql`
      select actor_kind, actor_id, entity_type, changes from audit_entries
       where company_id = ${seats.companyId} and action = 'billing.seats_sync'`);
    expect(entries).toEqual([{ actor_kind: "system", actor_id: "sync-seats", entity_type: "subscription", changes: { seats: { old: 3, new: 4 } } }]);
  });

  it("is retried with backoff by the runner after Stripe fails, every attempt under the same key", async () => {
    const seats = await company(3);
    expect(await setStatus(seats.owner, seats.members[2]!, "deactivated")).toEqual({ ok: true });
    const [outboxId] = await seatJobs(seats.companyId);
    let calls = 0;
    seats.onUpdate((request) => {
      calls += 1;
      return calls < 3 ? { status: 500, body: { error: { type: "api_error", message: "Stripe is having a moment" } } } : seats.setQuantity(request);
    });
    const runner = createInProcessRunner({ catalog: jobs, db, logger: testLogger, retry: { attempts: 5, backoffMs: 10 }, pollIntervalMs: 20 });
    try {
      runner.work({ "sync-seats": processor() } as unknown as Processors<ProductJobs>, { concurrency: 1 });
      await relayOutbox({ db, runner, logger: testLogger });
      await eventually(() => seats.stripeSide.quantity === 2);
    } finally {
      await runner.close();
    }
    expect(seats.updates().map((r) => [r.idempotencyKey, r.body.get("quantity")])).toEqual([
      [outboxId, "2"],
      [outboxId, "2"],
      [outboxId, "2"],
    ]);
  });

  it("ends on the final count when a deactivation and a reactivation follow each other and their jobs run in any order", async () => {
    const seats = await company(4);
    const [a, b] = [seats.members[1]!, seats.members[2]!];
    await setStatus(seats.owner, a, "deactivated");
    await setStatus(seats.owner, b, "deactivated");
    await setStatus(seats.owner, a, "active");
    const jobIds = await seatJobs(seats.companyId);
    expect(jobIds).toHaveLength(3);

    await Promise.all([...jobIds].reverse().map((id) => run(seats.companyId, id)));
    expect(seats.stripeSide.quantity).toBe(3);
    // Each run counts when it runs: none sends the count of the moment it was queued.
    expect(seats.updates().map((r) => r.body.get("quantity"))).toEqual(seats.updates().map(() => "3"));
    for (const update of seats.updates()) expect(jobIds).toContain(update.idempotencyKey);
  });

  it("sends once more when members changed while its call was on the way and another run landed first", async () => {
    const seats = await company(3);
    const leaver = seats.members[2]!;
    await setStatus(seats.owner, leaver, "deactivated");
    const [first] = await seatJobs(seats.companyId);
    let raced = false;
    seats.onUpdate(async (request) => {
      if (!raced) {
        raced = true;
        // Before this call lands: the member comes back, and that change's own job
        // runs to the end, finding Stripe still at 3 seats.
        await setStatus(seats.owner, leaver, "active");
        const [, second] = await seatJobs(seats.companyId);
        await run(seats.companyId, second!);
      }
      return seats.setQuantity(request);
    });
    await run(seats.companyId, first!);
    expect(seats.stripeSide.quantity).toBe(2);

    const [, , followUp, ...more] = await seatJobs(seats.companyId);
    expect(more).toEqual([]);
    await run(seats.companyId, followUp!);
    expect(seats.stripeSide.quantity).toBe(3);
    expect(seats.updates().at(-1)!.idempotencyKey).toBe(followUp);
  });

  it("hands the count to a new job when Stripe refuses the key for another count sent by an earlier attempt", async () => {
    const seats = await company(3);
    await setStatus(seats.owner, seats.members[1]!, "deactivated");
    const [jobId] = await seatJobs(seats.companyId);
    seats.onUpdate(() => ({
      status: 400,
      body: { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } },
    }));
    await run(seats.companyId, jobId!);
    const [, followUp, ...more] = await seatJobs(seats.companyId);
    expect(followUp).toBeDefined();
    expect(more).toEqual([]);

    seats.onUpdate(seats.setQuantity);
    await run(seats.companyId, followUp!);
    expect(seats.stripeSide.quantity).toBe(2);
  });

  it("gives up at once when Stripe no longer knows the subscription", async () => {
    const seats = await company(2);
    await setStatus(seats.owner, seats.members[1]!, "deactivated");
    const [jobId] = await seatJobs(seats.companyId);
    standIn.on(`GET /v1/subscriptions/sub_testseats${companies}`, () => ({
      status: 404,
      body: { error: { type: "invalid_request_error", message: "No such subscription" } },
    }));
    await expect(run(seats.companyId, jobId!)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it("is queued by a subscription event whose quantity isn't the active members, so changes made before it are billed", async () => {
    const seats = await company(3);
    const apply = createApplyStripeEventProcessor({ db, logger: testLogger, plans });
    const deliver = async (quantity: number, created: number) => {
      const subscription = subscriptionObject({ customer: seats.customerId, id: seats.subscriptionId, quantity });
      const event = stripeEvent("customer.subscription.updated", subscription, created);
      await recordStripeEvent(db, stripeEventSchema.parse(event));
      await apply({ id: `job-${event.id}`, name: "apply-stripe-event", queue: "billing", data: { eventId: event.id, companyId: null }, attempt: 1, maxAttempts: 5 });
    };
    const now = Math.floor(Date.now() / 1000);
    await deliver(3, now);
    expect(await seatJobs(seats.companyId)).toEqual([]);

    seats.stripeSide.quantity = 2;
    await deliver(2, now + 1);
    const [jobId, ...more] = await seatJobs(seats.companyId);
    expect(more).toEqual([]);
    await run(seats.companyId, jobId!);
    expect(seats.stripeSide.quantity).toBe(3);
  });

  it("isn't queued for a company without a live subscription", async () => {
    for (const status of [null, "canceled"]) {
      const seats = await company(2, status);
      expect(await setStatus(seats.owner, seats.members[1]!, "deactivated")).toEqual({ ok: true });
      expect(await setStatus(seats.owner, seats.members[1]!, "active")).toEqual({ ok: true });
      // A canceled company is read-only: it takes no one in (decision 017), and so bills no seat for it.
      expect(await inviteAndAccept(seats.owner)).toMatchObject(status === "canceled" ? { ok: false, reason: "read-only" } : { ok: true });
      expect(await seatJobs(seats.companyId), String(status)).toEqual([]);
    }
  });

  it("changes nothing when billing isn't configured, or the subscription ended after the job was queued", async () => {
    const seats = await company(3);
    await setStatus(seats.owner, seats.members[1]!, "deactivated");
    const [jobId] = await seatJobs(seats.companyId);
    await run(seats.companyId, jobId!, null);
    expect(standIn.requests).toEqual([]);

    seats.stripeSide.status = "canceled";
    await run(seats.companyId, jobId!);
    expect(seats.updates()).toEqual([]);

    await db.query(sql`update company_subscriptions set status = 'canceled' where company_id = ${seats.companyId}`);
    await run(seats.companyId, jobId!);
    expect(standIn.requests.filter((r) => r.path.startsWith("/v1/subscriptions/"))).toHaveLength(1);
    expect(seats.stripeSide.quantity).toBe(3);
  });
});
