import type { Config } from "../../../platform/config";

/**
 * The plans, in one place: what each costs in Stripe, how many members it allows
 * and what it unlocks. The page reads the same list to describe them. Prices live
 * in Stripe (one per-seat monthly price per paid plan); only their ids are here.
 */
export const planIds = ["free", "team", "business"] as const;
export type PlanId = (typeof planIds)[number];

export const planFeatures = ["audit-export"] as const;
export type PlanFeature = (typeof planFeatures)[number];

export interface Plan {
  id: PlanId;
  name: string;
  /** Stripe price id, per seat; null for the free plan and while billing isn't configured. */
  priceId: string | null;
  /** Active members and pending invitations together; null = as many seats as are paid for. */
  memberLimit: number | null;
  features: readonly PlanFeature[];
  summary: string;
}

export type BillingConfig = Pick<
  Config,
  "STRIPE_SECRET_KEY" | "STRIPE_WEBHOOK_SECRET" | "STRIPE_PRICE_TEAM" | "STRIPE_PRICE_BUSINESS" | "BILLING_DEFAULT_PLAN" | "BILLING_GRACE_DAYS"
>;

export function billingPlans(config: Pick<BillingConfig, "STRIPE_PRICE_TEAM" | "STRIPE_PRICE_BUSINESS">): Record<PlanId, Plan> {
  return {
    free: { id: "free", name: "Free", priceId: null, memberLimit: 3, features: [], summary: "Up to 3 members" },
    team: { id: "team", name: "Team", priceId: config.STRIPE_PRICE_TEAM ?? null, memberLimit: null, features: [], summary: "Per member, per month" },
    business: {
      id: "business",
      name: "Business",
      priceId: config.STRIPE_PRICE_BUSINESS ?? null,
      memberLimit: null,
      features: ["audit-export"],
      summary: "Per member, per month, with audit log exports",
    },
  };
}

/** The paid plan a Stripe price belongs to, or null for a price this product doesn't sell. */
export function planOfPrice(plans: Record<PlanId, Plan>, priceId: string | null | undefined): PlanId | null {
  if (!priceId) return null;
  return planIds.find((id) => plans[id].priceId === priceId) ?? null;
}

export function billingConfigured(config: Pick<BillingConfig, "STRIPE_SECRET_KEY">): boolean {
  // parseConfig refuses a partial set, so the key stands for all four.
  return Boolean(config.STRIPE_SECRET_KEY);
}

/**
 * A subscription Stripe still bills or may still bill: the company changes plan in
 * the portal then, since a second Checkout would open a second subscription.
 */
export function subscriptionIsLive(status: string): boolean {
  return !["none", "canceled", "incomplete_expired"].includes(status);
}

/**
 * Subscription statuses under which the subscribed plan is in force. past_due keeps
 * its features after the grace period too: the company is read-only then
 * (read-only.ts), and what it can still do, viewing and exporting, is its plan's.
 */
const inForce = new Set(["trialing", "active", "past_due"]);

/**
 * The plan a company uses now. Without billing everyone has the default plan (the
 * embedded default keeps every feature); with it, a live subscription's plan, else free.
 */
export function effectivePlan(
  config: Pick<BillingConfig, "STRIPE_SECRET_KEY" | "BILLING_DEFAULT_PLAN">,
  subscription: { plan: PlanId; status: string } | null,
): PlanId {
  if (!billingConfigured(config)) return config.BILLING_DEFAULT_PLAN;
  return subscription && inForce.has(subscription.status) ? subscription.plan : "free";
}

export function planAllows(plans: Record<PlanId, Plan>, plan: PlanId, feature: PlanFeature): boolean {
  return plans[plan].features.includes(feature);
}
