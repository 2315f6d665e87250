/**
 * The pre-tenant module's billing half (DESIGN.md tenancy rule 4; decision 013).
 *
 * Stripe's webhook events arrive before anyone knows their company, so storing
 * them, finding their company and marking them done run here on the owner
 * connection, which RLS does not restrict; every query is keyed by an event id,
 * a Stripe customer id or a company id. What an event changes in a company goes
 * through the tenant model (billing.server.ts) under the company's policies.
 */
import { sql } from "../../db/sql";
import type { Database, OwnerTransaction, Queryable } from "../../db/types";
import { queueAccountJob } from "../../jobs/outbox";
import type { StripeEventEnvelope } from "./stripe-objects";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an event says about its company: the Stripe customer, and the company id we gave Stripe. */
export interface StripeRouting {
  customerId: string | null;
  /** metadata.company_id or client_reference_id, set by our Checkout and customer creation. */
  claimedCompanyId: string | null;
}

export function routingOf(object: Record<string, unknown>): StripeRouting {
  const customer = object.customer;
  const customerId =
    typeof customer === "string" ? customer : typeof customer === "object" && customer && "id" in customer ? String(customer.id) : null;
  const meta = object.metadata;
  const fromMetadata = typeof meta === "object" && meta && "company_id" in meta ? String(meta.company_id) : null;
  const fromReference = typeof object.client_reference_id === "string" ? object.client_reference_id : null;
  const claimed = fromMetadata ?? fromReference;
  return { customerId: customerId?.startsWith("cus_") ? customerId : null, claimedCompanyId: claimed && uuidPattern.test(claimed) ? claimed : null };
}

/**
 * The company an event belongs to: the one that owns its Stripe customer, else the
 * company id our own Checkout put on it (the event is signed, so that claim is
 * Stripe's word), if such a company exists. Null: not ours, skipped.
 */
export async function findBillingCompany(q: Queryable, routing: StripeRouting): Promise<string | null> {
  if (routing.customerId) {
    const [owner] = await q.query<{ companyId: string }>(sql`
      select company_id as "companyId" from company_subscriptions where stripe_customer_id = ${routing.customerId}`);
    if (owner) return owner.companyId;
  }
  if (!routing.claimedCompanyId) return null;
  const [company] = await q.query<{ id: string }>(sql`select id from companies where id = ${routing.claimedCompanyId}`);
  return company?.id ?? null;
}

/**
 * Store a verified event once, by its id, and queue the job that applies it, in one
 * transaction: a repeat delivery stores nothing and queues nothing.
 */
export async function recordStripeEvent(db: Database, event: StripeEventEnvelope): Promise<{ duplicate: boolean }> {
  return db.transaction(async (tx) => {
    const [stored] = await tx.query<{ id: string }>(sql`
      insert into stripe_events (id, type, created, livemode, payload)
      values (${event.id}, ${event.type}, to_timestamp(${event.created}), ${event.livemode}, ${event as unknown as Record<string, unknown>})
      on conflict (id) do nothing
      returning id`);
    if (!stored) return { duplicate: true };
    const companyId = await findBillingCompany(tx, routingOf(event.data.object));
    await queueAccountJob(tx, "apply-stripe-event", { eventId: event.id, companyId });
    return { duplicate: false };
  });
}

export interface StoredStripeEvent {
  id: string;
  type: string;
  created: Date;
  payload: unknown;
  processedAt: Date | null;
}

/**
 * The event a job applies, locked until the job's transaction ends: two runs of
 * one event (a stalled job taken over) apply it once.
 */
export async function claimStripeEvent(tx: OwnerTransaction, eventId: string): Promise<StoredStripeEvent | null> {
  const [row] = await tx.query<StoredStripeEvent>(sql`
    select id, type, created, payload, processed_at as "processedAt"
      from stripe_events where id = ${eventId} for update`);
  return row ?? null;
}

/** Done, in the transaction that applied it; the note says why nothing changed, when nothing did. */
export async function finishStripeEvent(tx: OwnerTransaction, eventId: string, note: string | null): Promise<void> {
  await tx.query(sql`
    update stripe_events set processed_at = now(), note = ${note}, error = null, attempts = attempts + 1
     where id = ${eventId}`);
}

/** A failed attempt, noted after its transaction rolled back; the job runner retries it. */
export async function recordStripeEventFailure(db: Database, eventId: string, error: string): Promise<void> {
  await db.query(sql`
    update stripe_events set error = ${error.slice(0, 2_000)}, attempts = attempts + 1 where id = ${eventId}`);
}

/**
 * The member a billing job acts as: the company's longest-standing active owner
 * (policies need a person; the audit log names the job). Null when it has none.
 */
export async function billingActingUser(tx: OwnerTransaction, companyId: string): Promise<string | null> {
  const [row] = await tx.query<{ userId: string }>(sql`
    select user_id as "userId" from memberships
     where company_id = ${companyId} and role = 'owner' and status = 'active'
     order by created_at, user_id limit 1`);
  return row?.userId ?? null;
}
