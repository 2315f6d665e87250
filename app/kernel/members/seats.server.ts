import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import type { Queryable } from "../../../db/types";
import { queueJob } from "../../../jobs/outbox";
import { effectivePlan, subscriptionIsLive, type BillingConfig, type Plan, type PlanId } from "~/kernel/company/plans";
import { billingStanding, type BillingStanding } from "~/kernel/company/read-only";

/**
 * Seats: how many members a company's plan allows, and whether its Stripe
 * subscription is billed per member. Invitation acceptance runs these on the
 * pre-tenant module's owner connection and the seat sync job on the job's, as well
 * as tenant models inside withTenant; so every query names its company rather
 * than reading the tenant context, and under withTenant the policies still apply.
 */

/** What decides a member limit; the load context's `billing` is one. */
export interface SeatRules {
  config: Pick<BillingConfig, "STRIPE_SECRET_KEY" | "BILLING_DEFAULT_PLAN" | "BILLING_GRACE_DAYS">;
  plans: Record<PlanId, Plan>;
}

export interface SeatSubscription {
  plan: PlanId;
  status: string;
  stripeSubscriptionId: string | null;
  seats: number;
}

export async function readSeatSubscription(q: Queryable, companyId: string): Promise<SeatSubscription | null> {
  const [row] = await q.query<SeatSubscription>(sql`
    select plan, status, stripe_subscription_id as "stripeSubscriptionId", seats
      from company_subscriptions where company_id = ${companyId}`);
  return row ?? null;
}

/** A subscription Stripe bills per member, whose quantity must follow the members. */
export function billsPerSeat(subscription: SeatSubscription | null): subscription is SeatSubscription & { stripeSubscriptionId: string } {
  return Boolean(subscription?.stripeSubscriptionId) && subscriptionIsLive(subscription!.status);
}

/**
 * After active members changed: when Stripe bills the company per member, queue
 * the job that sets the subscription's quantity, in the change's transaction, so
 * it runs only if the change commits (decision 013).
 */
export async function queueSeatSync(tx: TenantTransaction): Promise<void> {
  const companyId = tx.tenant.companyId;
  if (billsPerSeat(await readSeatSubscription(tx, companyId))) await queueJob(tx, "sync-seats", { companyId });
}

/**
 * The company's billing standing, read by company id (read-only.ts): accepting an
 * invitation isn't a company request, so requireMember's refusal doesn't reach it,
 * and a read-only company takes no one new until it is restored.
 */
export async function companyBillingStanding(q: Queryable, companyId: string, rules: SeatRules): Promise<BillingStanding> {
  const [row] = await q.query<{ status: string; pastDueSince: Date | null }>(sql`
    select status, past_due_since as "pastDueSince" from company_subscriptions where company_id = ${companyId}`);
  return billingStanding(rules.config, row ?? null);
}

export type SeatCheck = { ok: true } | { ok: false; plan: Plan; limit: number };

/** The company's plan when it limits members; null when it doesn't. */
async function limitingPlan(q: Queryable, companyId: string, rules: SeatRules): Promise<(Plan & { memberLimit: number }) | null> {
  const plan = rules.plans[effectivePlan(rules.config, await readSeatSubscription(q, companyId))];
  return plan.memberLimit === null ? null : { ...plan, memberLimit: plan.memberLimit };
}

async function seatsTaken(q: Queryable, companyId: string, counting: { openInvitations: boolean; except?: string }): Promise<number> {
  const [row] = await q.query<{ taken: number }>(sql`
    select (select count(*) from memberships
             where company_id = ${companyId} and status = 'active'
               and user_id is distinct from ${counting.except ?? null}::uuid)
         + (case when ${counting.openInvitations}::boolean then
              (select count(*) from invitations
                where company_id = ${companyId} and accepted_at is null and revoked_at is null and expires_at > now())
            else 0 end) as taken`);
  return Number(row?.taken ?? 0);
}

/**
 * Whether the company has room for one more member under its plan's limit.
 * `counting` says what holds a seat besides active members: open invitations
 * (not accepted, revoked or expired) when a seat is promised anew — inviting,
 * reactivating — so many invitations at once can't pass the limit; `except` is the
 * person about to take the seat, when they might be counted already.
 *
 * While a limit applies, the company's row stays locked until the caller's
 * transaction ends, so concurrent checks of one company run one after the other
 * and each counts what the previous one added. `for no key update` rather than
 * `for update`: it conflicts with itself, but not with the key-share locks that
 * every insert referencing the company takes, so the rest of the company's work
 * doesn't queue behind an invitation.
 */
export async function checkSeatAvailable(
  q: Queryable,
  companyId: string,
  rules: SeatRules,
  counting: { openInvitations: boolean; except?: string },
): Promise<SeatCheck> {
  const plan = await limitingPlan(q, companyId, rules);
  if (!plan) return { ok: true };
  await q.query(sql`select 1 from companies where id = ${companyId} for no key update`);
  const taken = await seatsTaken(q, companyId, counting);
  return taken < plan.memberLimit ? { ok: true } : { ok: false, plan, limit: plan.memberLimit };
}

export interface SeatUsage {
  planName: string;
  limit: number;
  /** Active members and open invitations. */
  taken: number;
}

/** For the invitations page: how many seats the plan allows and how many are taken; null without a limit. */
export async function seatUsage(tx: TenantTransaction, rules: SeatRules): Promise<SeatUsage | null> {
  const companyId = tx.tenant.companyId;
  const plan = await limitingPlan(tx, companyId, rules);
  if (!plan) return null;
  return { planName: plan.name, limit: plan.memberLimit, taken: await seatsTaken(tx, companyId, { openInvitations: true }) };
}

/** The sentence for a limit reached, ending with what the person reading it can do. */
export function seatLimitMessage(check: Extract<SeatCheck, { ok: false }>, then: string): string {
  return `The ${check.plan.name} plan allows ${check.limit} members, counting pending invitations. ${then}`;
}
