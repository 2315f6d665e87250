import Stripe from "stripe";
import { systemActor } from "../../db/audit-context";
import { withTenantInTransaction, type TenantTransaction } from "../../db/tenant";
import type { Database } from "../../db/types";
import { queueJob } from "../../jobs/outbox";
import { countActiveMembers, readSubscription, recordSeatsBilled } from "./billing.server";
import { billsPerSeat } from "~/kernel/members/seats.server";
import { billingActingUser } from "./stripe-events.server";
import { planOfPrice, subscriptionIsLive, type Plan, type PlanId } from "../kernel/company/plans";

/**
 * The seat sync (decision 013): a company's Stripe subscription quantity follows
 * its active members. Queued through the outbox by every change in active members;
 * each run reads the count when it runs and sets Stripe's quantity to it, so runs
 * late, repeated or out of order end on the current number. Stripe is called
 * outside any database transaction, so a slow Stripe holds no connection.
 */
export interface SeatSyncDeps {
  db: Database;
  /** Null while billing isn't configured. */
  stripe: Stripe | null;
  plans: Record<PlanId, Plan>;
}

export type SeatSyncOutcome = { changed: true; from: number; to: number } | { changed: false; note: string };

const actor = systemActor("sync-seats", "Seat sync");

/**
 * Work for the company as the job, under its policies and in one owner transaction
 * (as apply-stripe-event acts): the admin role, and the company's first owner as the
 * person the policies need. Null when the company has no active owner.
 */
async function actForCompany<T>(db: Database, companyId: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const userId = await billingActingUser(tx, companyId);
    if (!userId) return null;
    return withTenantInTransaction(tx, { companyId, userId, role: "admin", actor }, work);
  });
}

/** Set the subscription's quantity to the company's active members; `outboxId` is Stripe's idempotency key. */
export async function syncSeats(deps: SeatSyncDeps, job: { companyId: string; outboxId: string }): Promise<SeatSyncOutcome> {
  const { db, stripe } = deps;
  const { companyId } = job;
  if (!stripe) return { changed: false, note: "billing isn't configured" };
  const seen = await actForCompany(db, companyId, async (tx) => ({
    subscription: await readSubscription(tx),
    seats: await countActiveMembers(tx),
  }));
  if (!seen) return { changed: false, note: "the company has no active owner" };
  const { subscription, seats } = seen;
  if (!billsPerSeat(subscription)) return { changed: false, note: "no live subscription" };

  const remote = await stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  if (!subscriptionIsLive(remote.status)) return { changed: false, note: `Stripe has ended ${remote.id}` };
  const item = remote.items.data.find((candidate) => planOfPrice(deps.plans, candidate.price.id));
  if (!item) return { changed: false, note: `${remote.id} has no item with a plan's price` };
  const from = item.quantity ?? 0;
  if (from === seats) return { changed: false, note: `Stripe bills ${seats} seats already` };

  try {
    await stripe.subscriptionItems.update(item.id, { quantity: seats }, { idempotencyKey: job.outboxId });
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeIdempotencyError)) throw error;
    // An earlier attempt of this job reached Stripe with another count under this
    // key: members changed since. Stripe won't take a new count under the old key,
    // so a new job (a new key) sends the count as it is when that job runs.
    await actForCompany(db, companyId, (tx) => queueJob(tx, "sync-seats", { companyId }));
    return { changed: false, note: "members changed since an earlier attempt; a new sync is queued" };
  }
  await actForCompany(db, companyId, async (tx) => {
    await recordSeatsBilled(tx, seats);
    // Another run for this company may have read the count before a change and
    // reached Stripe before this one. The last call to land wins, so each checks
    // after landing: if members changed since its read, one more run sends the count.
    if ((await countActiveMembers(tx)) !== seats) await queueJob(tx, "sync-seats", { companyId });
  });
  return { changed: true, from, to: seats };
}
