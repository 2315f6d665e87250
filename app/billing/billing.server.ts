import { auditedAs } from "../../db/audit-context";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import type { PlanId } from "~/kernel/company/plans";
import { rolesWith } from "~/kernel/permissions";
import { createNotification } from "../kernel/notifications/notifications.server";

/**
 * A company's subscription as Stripe last told us (company_subscriptions, 0007),
 * and the few billing facts the page and the jobs need. Writes are the job's
 * (acting for the company) and Checkout's (the customer id); both are audited.
 */
export interface Subscription {
  plan: PlanId;
  status: string;
  seats: number;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  stripePriceId: string | null;
}

export async function readSubscription(tx: TenantTransaction): Promise<Subscription | null> {
  const [row] = await tx.query<Subscription>(sql`
    select plan, status, seats, current_period_start as "currentPeriodStart", current_period_end as "currentPeriodEnd",
           cancel_at_period_end as "cancelAtPeriodEnd", stripe_customer_id as "stripeCustomerId",
           stripe_subscription_id as "stripeSubscriptionId", stripe_price_id as "stripePriceId"
      from company_subscriptions where company_id = ${tx.tenant.companyId}`);
  return row ?? null;
}

/** Seats in use: every active member is one. */
export async function countActiveMembers(tx: TenantTransaction): Promise<number> {
  const [row] = await tx.query<{ count: number }>(sql`
    select count(*)::int as count from memberships where company_id = ${tx.tenant.companyId} and status = 'active'`);
  return row?.count ?? 0;
}

/** The Stripe customer made for this company (before its first Checkout); an existing one is kept. */
export async function saveStripeCustomer(tx: TenantTransaction, customerId: string): Promise<string> {
  const [row] = await auditedAs(tx, "billing.customer_create", (inner) =>
    inner.query<{ customerId: string }>(sql`
      insert into company_subscriptions (company_id, plan, stripe_customer_id)
      values (${tx.tenant.companyId}, 'free', ${customerId})
      on conflict (company_id) do update
        set stripe_customer_id = coalesce(company_subscriptions.stripe_customer_id, excluded.stripe_customer_id)
      returning stripe_customer_id as "customerId"`),
  );
  return row?.customerId ?? customerId;
}

/** A finished Checkout: remember its customer and subscription, without touching the state events set. */
export async function recordCheckout(
  tx: TenantTransaction,
  checkout: { customerId: string | null; subscriptionId: string | null },
): Promise<void> {
  await auditedAs(tx, "billing.checkout_complete", (inner) =>
    inner.query(sql`
      insert into company_subscriptions (company_id, plan, stripe_customer_id, stripe_subscription_id)
      values (${tx.tenant.companyId}, 'free', ${checkout.customerId}, ${checkout.subscriptionId})
      on conflict (company_id) do update
        set stripe_customer_id = coalesce(company_subscriptions.stripe_customer_id, excluded.stripe_customer_id),
            stripe_subscription_id = coalesce(company_subscriptions.stripe_subscription_id, excluded.stripe_subscription_id)`),
  );
}

/**
 * Stripe bills `seats` now: the seat sync job set the quantity. Stripe's own event
 * about it follows and sets the same, so the log shows the change as the job's.
 */
export async function recordSeatsBilled(tx: TenantTransaction, seats: number): Promise<void> {
  await auditedAs(tx, "billing.seats_sync", (inner) =>
    inner.query(sql`update company_subscriptions set seats = ${seats} where company_id = ${tx.tenant.companyId}`),
  );
}

/** A subscription as one Stripe event describes it: every Stripe id is known. */
export type SubscriptionState = Subscription & { stripeCustomerId: string; stripeSubscriptionId: string; stripePriceId: string };

/**
 * Apply a subscription's state as of a Stripe event's `created` time. Stale events
 * change nothing: one older than the state stored, and at the same second, one that
 * would reopen a subscription already canceled. The end of a subscription the
 * company has since replaced is not the company's state either. An overdue state
 * keeps the moment it began (`past_due_since`), which starts the read-only grace
 * period. Returns whether it applied.
 */
export async function applySubscriptionState(
  tx: TenantTransaction,
  state: SubscriptionState,
  eventCreated: Date,
): Promise<boolean> {
  const rows = await auditedAs(tx, "billing.subscription_change", (inner) =>
    inner.query(sql`
      insert into company_subscriptions as s
             (company_id, plan, status, seats, current_period_start, current_period_end, cancel_at_period_end,
              stripe_customer_id, stripe_subscription_id, stripe_price_id, state_event_created, past_due_since)
      values (${tx.tenant.companyId}, ${state.plan}, ${state.status}, ${state.seats}, ${state.currentPeriodStart},
              ${state.currentPeriodEnd}, ${state.cancelAtPeriodEnd}, ${state.stripeCustomerId}, ${state.stripeSubscriptionId},
              ${state.stripePriceId}, ${eventCreated},
              case when ${state.status} in ('past_due', 'unpaid') then ${eventCreated}::timestamptz end)
      on conflict (company_id) do update
         set plan = excluded.plan, status = excluded.status, seats = excluded.seats,
             current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
             cancel_at_period_end = excluded.cancel_at_period_end,
             stripe_customer_id = coalesce(s.stripe_customer_id, excluded.stripe_customer_id),
             stripe_subscription_id = excluded.stripe_subscription_id, stripe_price_id = excluded.stripe_price_id,
             state_event_created = excluded.state_event_created,
             -- The grace period runs from the first overdue event, not from each repeat of it.
             past_due_since = case when excluded.status in ('past_due', 'unpaid')
                                   then coalesce(case when s.status in ('past_due', 'unpaid') then s.past_due_since end,
                                                 excluded.past_due_since) end
       where (s.state_event_created is null or s.state_event_created <= excluded.state_event_created)
         and not (s.state_event_created = excluded.state_event_created and s.status = 'canceled'
                  and s.stripe_subscription_id = excluded.stripe_subscription_id)
         and not (s.stripe_subscription_id is not null and s.stripe_subscription_id <> excluded.stripe_subscription_id
                  and excluded.status in ('canceled', 'incomplete_expired'))
      returning 1`),
  );
  return rows.length > 0;
}

export interface InvoiceFacts {
  invoiceId: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  attempt: number;
}

/** invoice.paid and invoice.payment_failed change no row of ours; the log still shows them. */
export async function recordInvoiceEvent(
  tx: TenantTransaction,
  action: "billing.invoice_paid" | "billing.payment_failed",
  invoice: InvoiceFacts,
): Promise<void> {
  const amount = action === "billing.invoice_paid" ? invoice.amountPaid : invoice.amountDue;
  await tx.query(sql`
    insert into audit_entries (company_id, action, entity_type, entity_id, changes)
    values (${tx.tenant.companyId}, ${action}, 'invoice', ${invoice.invoiceId},
            ${{ amount: { old: null, new: amount }, currency: { old: null, new: invoice.currency }, attempt: { old: null, new: invoice.attempt } }})`);
}

/** Tell every active member who manages billing (owners and admins) that a payment failed (notification, and email unless turned off). */
export async function notifyPaymentFailed(
  tx: TenantTransaction,
  facts: { amountDue: number; currency: string },
): Promise<number> {
  const recipients = await tx.query<{ userId: string }>(sql`
    select user_id as "userId" from memberships
     where company_id = ${tx.tenant.companyId} and status = 'active' and role = any(${rolesWith("billing:manage")}::text[])
     order by user_id`);
  for (const { userId } of recipients) {
    await createNotification(tx, { userId, kind: "payment-failed", data: facts });
  }
  return recipients.length;
}
