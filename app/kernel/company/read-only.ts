import { billingConfigured, type BillingConfig } from "./plans";

/**
 * Whether a company may still change anything, from its subscription (issue #6,
 * docs/decisions/017). A canceled subscription, or a payment overdue for longer
 * than BILLING_GRACE_DAYS, leaves the company read-only: people still sign in, see
 * everything and export it, and nothing is deleted. Without billing (the embedded
 * default) no company is ever read-only, whatever rows a test or an import left.
 */
export type BillingStanding =
  | { state: "ok" }
  | { state: "past-due"; graceEndsAt: Date; daysLeft: number }
  | { state: "read-only"; reason: "canceled" | "past-due" };

/** What the membership lookup reads of company_subscriptions alongside the membership. */
export interface SubscriptionStanding {
  status: string;
  pastDueSince: Date | null;
}

const dayMs = 24 * 60 * 60 * 1000;
const overdue = new Set(["past_due", "unpaid"]);

export function billingStanding(
  config: Pick<BillingConfig, "STRIPE_SECRET_KEY" | "BILLING_GRACE_DAYS">,
  subscription: SubscriptionStanding | null,
  now: Date = new Date(),
): BillingStanding {
  if (!billingConfigured(config) || !subscription) return { state: "ok" };
  if (subscription.status === "canceled") return { state: "read-only", reason: "canceled" };
  if (!overdue.has(subscription.status)) return { state: "ok" };
  // An overdue row without its start (written by hand) gets the whole grace period from now.
  const since = subscription.pastDueSince ?? now;
  const graceEndsAt = new Date(since.getTime() + config.BILLING_GRACE_DAYS * dayMs);
  if (graceEndsAt <= now) return { state: "read-only", reason: "past-due" };
  return { state: "past-due", graceEndsAt, daysLeft: Math.ceil((graceEndsAt.getTime() - now.getTime()) / dayMs) };
}

/** Why the company is read-only, in one sentence. */
export function readOnlyReason(reason: "canceled" | "past-due"): string {
  const why = reason === "canceled" ? "its subscription is canceled" : "its subscription's payment is past due";
  return `This company is read-only because ${why}.`;
}

/** The refusal a change gets: the reason, and who can lift it where. */
export function readOnlyMessage(reason: "canceled" | "past-due"): string {
  return `${readOnlyReason(reason)} An owner or admin can restore it on the billing page.`;
}

/**
 * Company pages whose actions a read-only company keeps: the billing page (to pay
 * or subscribe again), the export pages (preparing an export as a job only reads
 * the company's data), and notifications (marking read and email preferences
 * touch only the person's own inbox), and API tokens (a leaked token must be
 * revocable whatever the subscription; the API refuses its writes meanwhile anyway).
 * Paths after `/c/<company>`; sign-out and the account page aren't company pages, and
 * every other export is a GET.
 */
const allowedWhileReadOnly = new Set(["/billing", "/audit/exports", "/finance/exports", "/notifications", "/api-tokens"]);

export function allowedWhileReadOnlyPath(pathname: string, slug: string): boolean {
  const prefix = `/c/${slug}`;
  if (!pathname.startsWith(`${prefix}/`)) return false;
  return allowedWhileReadOnly.has(pathname.slice(prefix.length).replace(/\/+$/, ""));
}

/** GET and HEAD never change anything here (loaders only read); every other method may. */
export function changesState(method: string): boolean {
  return method !== "GET" && method !== "HEAD";
}
