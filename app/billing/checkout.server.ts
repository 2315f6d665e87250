import type Stripe from "stripe";
import type { TenantContext, WithTenant } from "../../db/tenant";
import { countActiveMembers, readSubscription, saveStripeCustomer } from "./billing.server";
import { subscriptionIsLive, type Plan, type PlanId } from "../kernel/company/plans";

/**
 * The two ways out to Stripe from the billing page: Checkout for a company without
 * a live subscription, the customer portal for everything after (card, plan,
 * cancel). Stripe is called outside any database transaction, so a slow Stripe
 * never holds a connection (PGlite has one).
 */
export interface BillingCompany {
  tenant: TenantContext;
  name: string;
  slug: string;
}

export interface CheckoutDeps {
  stripe: Stripe;
  withTenant: WithTenant;
  plans: Record<PlanId, Plan>;
  appUrl: string;
}

export type CheckoutResult = { ok: true; url: string } | { ok: false; message: string };

/**
 * A Checkout Session for `plan`, one seat per active member. `requestKey` comes
 * from the page the person submitted, so a double submit (or the SDK's own retry)
 * reuses one session instead of opening two.
 */
export async function startCheckout(
  deps: CheckoutDeps,
  company: BillingCompany,
  input: { plan: Exclude<PlanId, "free">; requestKey: string },
): Promise<CheckoutResult> {
  const priceId = deps.plans[input.plan].priceId;
  if (!priceId) return { ok: false, message: "That plan can't be bought yet." };
  const { subscription, seats } = await deps.withTenant(company.tenant, async (tx) => ({
    subscription: await readSubscription(tx),
    seats: await countActiveMembers(tx),
  }));
  if (subscription?.stripeSubscriptionId && subscriptionIsLive(subscription.status)) {
    return { ok: false, message: "The company has a subscription already: change its plan under Manage billing." };
  }
  const companyId = company.tenant.companyId;
  const customerId = subscription?.stripeCustomerId ?? (await createCustomer(deps, company));
  const base = `${deps.appUrl}/c/${company.slug}/billing`;
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer: customerId,
      client_reference_id: companyId,
      line_items: [{ price: priceId, quantity: Math.max(1, seats) }],
      subscription_data: { metadata: { company_id: companyId } },
      metadata: { company_id: companyId },
      success_url: `${base}?checkout=done`,
      cancel_url: base,
    },
    { idempotencyKey: `checkout:${companyId}:${input.requestKey}` },
  );
  if (!session.url) return { ok: false, message: "Stripe did not return a Checkout page. Try again." };
  return { ok: true, url: session.url };
}

/**
 * The company's Stripe customer, made once before its first Checkout, so every
 * later event names a customer we already know (whatever order they arrive in).
 */
async function createCustomer(deps: CheckoutDeps, company: BillingCompany): Promise<string> {
  const companyId = company.tenant.companyId;
  const customer = await deps.stripe.customers.create(
    { name: company.name, metadata: { company_id: companyId } },
    { idempotencyKey: `customer:${companyId}` },
  );
  return deps.withTenant(company.tenant, (tx) => saveStripeCustomer(tx, customer.id));
}

/** A customer portal session; null when the company has no Stripe customer yet. */
export async function openCustomerPortal(deps: CheckoutDeps, company: BillingCompany): Promise<string | null> {
  const subscription = await deps.withTenant(company.tenant, readSubscription);
  if (!subscription?.stripeCustomerId) return null;
  const portal = await deps.stripe.billingPortal.sessions.create({
    customer: subscription.stripeCustomerId,
    return_url: `${deps.appUrl}/c/${company.slug}/billing`,
  });
  return portal.url;
}
