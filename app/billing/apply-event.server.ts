import { z } from "zod";
import { systemActor } from "../../db/audit-context";
import { withTenantInTransaction, type TenantTransaction } from "../../db/tenant";
import type { OwnerTransaction } from "../../db/types";
import { queueJob } from "../../jobs/outbox";
import {
  applySubscriptionState,
  countActiveMembers,
  notifyPaymentFailed,
  recordCheckout,
  recordInvoiceEvent,
} from "./billing.server";
import { billingActingUser, findBillingCompany, routingOf, type StoredStripeEvent } from "./stripe-events.server";
import { planOfPrice, subscriptionIsLive, type Plan, type PlanId } from "../kernel/company/plans";
import { checkoutSessionSchema, invoiceSchema, stripeEventSchema, subscriptionSchema } from "./stripe-objects";

export interface ApplyEventDeps {
  plans: Record<PlanId, Plan>;
}

export const handledEventTypes = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;
type HandledType = (typeof handledEventTypes)[number];

const isHandled = (type: string): type is HandledType => (handledEventTypes as readonly string[]).includes(type);

/** The event's object doesn't have what its type promises: retrying won't change that. */
export class MalformedStripeEventError extends Error {
  constructor(eventId: string, problems: string) {
    super(`Stripe event ${eventId} is malformed: ${problems}`);
    this.name = "MalformedStripeEventError";
  }
}

function parseObject<S extends z.ZodType>(eventId: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new MalformedStripeEventError(eventId, z.prettifyError(result.error).replaceAll("\n", "; "));
  return result.data;
}

const fromSeconds = (value: number | undefined | null) => (value ? new Date(value * 1000) : null);

/**
 * What one Stripe event means for its company, applied inside the job's owner
 * transaction (so the change and "event processed" commit together). Returns a
 * note when nothing changed and why; null when the event was applied.
 */
export async function applyStripeEvent(
  tx: OwnerTransaction,
  stored: StoredStripeEvent,
  deps: ApplyEventDeps,
): Promise<string | null> {
  if (!isHandled(stored.type)) return `ignored: ${stored.type} is not a billing event this product handles`;
  const event = parseObject(stored.id, stripeEventSchema, stored.payload);
  const object = event.data.object;

  const companyId = await findBillingCompany(tx, routingOf(object));
  if (!companyId) return `skipped: no company for customer ${routingOf(object).customerId ?? "(none)"}`;
  const userId = await billingActingUser(tx, companyId);
  if (!userId) return `skipped: company ${companyId} has no active owner`;

  const tenant = { companyId, userId, role: "admin" as const, actor: systemActor("apply-stripe-event", "Stripe") };
  return withTenantInTransaction(tx, tenant, (inner) => applyForCompany(inner, stored, event.type as HandledType, object, deps));
}

async function applyForCompany(
  tx: TenantTransaction,
  stored: StoredStripeEvent,
  type: HandledType,
  object: Record<string, unknown>,
  deps: ApplyEventDeps,
): Promise<string | null> {
  switch (type) {
    case "checkout.session.completed": {
      const session = parseObject(stored.id, checkoutSessionSchema, object);
      if (session.mode !== "subscription") return `ignored: a ${session.mode} Checkout`;
      // The subscription's own events carry its state; this only links the ids early.
      await recordCheckout(tx, { customerId: session.customer ?? null, subscriptionId: session.subscription ?? null });
      return null;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const subscription = parseObject(stored.id, subscriptionSchema, object);
      const item = subscription.items.data[0]!;
      const plan = planOfPrice(deps.plans, item.price.id);
      if (!plan) return `skipped: price ${item.price.id} belongs to no plan`;
      const applied = await applySubscriptionState(
        tx,
        {
          plan,
          status: type === "customer.subscription.deleted" ? "canceled" : subscription.status,
          seats: item.quantity ?? 0,
          currentPeriodStart: fromSeconds(item.current_period_start ?? subscription.current_period_start),
          currentPeriodEnd: fromSeconds(item.current_period_end ?? subscription.current_period_end),
          cancelAtPeriodEnd: subscription.cancel_at_period_end,
          stripeCustomerId: subscription.customer,
          stripeSubscriptionId: subscription.id,
          stripePriceId: item.price.id,
        },
        stored.created,
      );
      if (!applied) return "stale: the stored state comes from a newer event";
      // Members who joined or left between Checkout and now (or a quantity changed in
      // Stripe's dashboard) would otherwise be billed wrongly until the next change.
      const live = subscriptionIsLive(subscription.status) && type !== "customer.subscription.deleted";
      if (live && (item.quantity ?? 0) !== (await countActiveMembers(tx))) {
        await queueJob(tx, "sync-seats", { companyId: tx.tenant.companyId });
      }
      return null;
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const invoice = parseObject(stored.id, invoiceSchema, object);
      const facts = {
        invoiceId: invoice.id,
        amountDue: invoice.amount_due,
        amountPaid: invoice.amount_paid,
        currency: invoice.currency,
        attempt: invoice.attempt_count,
      };
      if (type === "invoice.paid") {
        await recordInvoiceEvent(tx, "billing.invoice_paid", facts);
        return null;
      }
      await recordInvoiceEvent(tx, "billing.payment_failed", facts);
      await notifyPaymentFailed(tx, { amountDue: invoice.amount_due, currency: invoice.currency });
      return null;
    }
  }
}
