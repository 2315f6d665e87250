import type { WithTenant } from "../../db/tenant";
import type { Database } from "../../db/types";
import type { Config } from "../../platform/config";
import { openCustomerPortal, startCheckout, type BillingCompany, type CheckoutResult } from "./checkout.server";
import { readBillingAccount, type AccountSubject, type BillingAccount } from "./account.server";
import { listAllInvoices, listPastInvoices, type PastInvoice } from "./stripe-bills.server";
import { billingConfigured, billingPlans, type BillingConfig, type Plan, type PlanId } from "../kernel/company/plans";
import { createStripeClient } from "./stripe.server";
import { receiveStripeWebhook, type WebhookReceipt } from "./webhooks.server";

/** Billing as routes see it (load context); the Stripe parts are null while billing isn't configured. */
export interface BillingServices {
  configured: boolean;
  plans: Record<PlanId, Plan>;
  config: Pick<BillingConfig, "STRIPE_SECRET_KEY" | "BILLING_DEFAULT_PLAN" | "BILLING_GRACE_DAYS">;
  webhooks: { receive(rawBody: string, signature: string | null): Promise<WebhookReceipt> } | null;
  stripe: {
    startCheckout(company: BillingCompany, input: { plan: Exclude<PlanId, "free">; requestKey: string }): Promise<CheckoutResult>;
    /** The portal's URL; null when the company has no Stripe customer yet. */
    openPortal(company: BillingCompany): Promise<string | null>;
    /** The customer's past invoices, newest first. */
    invoices(customerId: string): Promise<PastInvoice[]>;
    /** Every finalized invoice of the customer, newest first (finance's CSV). */
    allInvoices(customerId: string): Promise<PastInvoice[]>;
    /** The next invoice and the payment method it will be charged to. */
    account(subject: AccountSubject): Promise<BillingAccount>;
  } | null;
}

export function createBillingServices(deps: {
  config: Pick<
    Config,
    | "APP_URL"
    | "STRIPE_SECRET_KEY"
    | "STRIPE_WEBHOOK_SECRET"
    | "STRIPE_PRICE_TEAM"
    | "STRIPE_PRICE_BUSINESS"
    | "STRIPE_API_BASE"
    | "BILLING_DEFAULT_PLAN"
    | "BILLING_GRACE_DAYS"
  >;
  db: Database;
  withTenant: WithTenant;
  /** Tests make retries quick. */
  stripeOptions?: { maxNetworkRetries?: number; timeoutMs?: number };
}): BillingServices {
  const { config, db, withTenant } = deps;
  const plans = billingPlans(config);
  const stripe = createStripeClient(config, deps.stripeOptions);
  const webhookSecret = config.STRIPE_WEBHOOK_SECRET;
  const checkoutDeps = stripe ? { stripe, withTenant, plans, appUrl: config.APP_URL } : null;
  return {
    configured: billingConfigured(config),
    plans,
    config: {
      STRIPE_SECRET_KEY: config.STRIPE_SECRET_KEY,
      BILLING_DEFAULT_PLAN: config.BILLING_DEFAULT_PLAN,
      BILLING_GRACE_DAYS: config.BILLING_GRACE_DAYS,
    },
    webhooks:
      stripe && webhookSecret
        ? { receive: (rawBody, signature) => receiveStripeWebhook({ db, stripe, webhookSecret }, rawBody, signature) }
        : null,
    stripe: checkoutDeps
      ? {
          startCheckout: (company, input) => startCheckout(checkoutDeps, company, input),
          openPortal: (company) => openCustomerPortal(checkoutDeps, company),
          invoices: (customerId) => listPastInvoices(checkoutDeps.stripe, customerId),
          allInvoices: (customerId) => listAllInvoices(checkoutDeps.stripe, customerId),
          account: (subject) => readBillingAccount(checkoutDeps.stripe, subject),
        }
      : null,
  };
}
