import type { AppLoadContext } from "@remix-run/node";
import Stripe from "stripe";
import type { Database } from "../../db/types";
import { createTestApp } from "./context";
import { startStripeStandIn, type StripeStandIn } from "./stripe-stand-in-server";

export { startStripeStandIn, type StandInAnswer, type StandInHandler, type StripeRequest, type StripeStandIn } from "./stripe-stand-in-server";

/** The billing variables of a configured server whose Stripe is the stand-in. */
export function stripeTestEnv(standInUrl: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: "sk_test_hourbook",
    STRIPE_WEBHOOK_SECRET: "whsec_hourbooktest",
    STRIPE_PRICE_TEAM: "price_team",
    STRIPE_PRICE_BUSINESS: "price_business",
    STRIPE_API_BASE: standInUrl,
  };
}

/** The app's services over `db`, billing configured against a fresh stand-in. */
export async function createBilledTestApp(db: Database): Promise<{ standIn: StripeStandIn; context: AppLoadContext; close(): Promise<void> }> {
  const standIn = await startStripeStandIn();
  const app = await createTestApp(db, stripeTestEnv(standIn.url));
  return {
    standIn,
    context: app.context(),
    async close() {
      await app.close();
      await standIn.close();
    },
  };
}

const signer = new Stripe("sk_test_signer");

/** A webhook delivery as Stripe would send it, signed with the SDK's test helper. */
export function signedWebhook(payload: string, secret = "whsec_hourbooktest"): Request {
  return new Request("http://hourbook.test/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signer.webhooks.generateTestHeaderString({ payload, secret }) },
    body: payload,
  });
}

let eventCounter = 0;

/** A Stripe event around `object`, `created` in seconds. */
export function stripeEvent(type: string, object: Record<string, unknown>, created: number) {
  eventCounter += 1;
  return {
    id: `evt_test${Date.now()}x${eventCounter}`,
    object: "event",
    type,
    created,
    livemode: false,
    api_version: "2026-10-28.endive",
    data: { object },
  };
}

export function subscriptionObject(options: {
  id?: string;
  customer: string;
  status?: string;
  price?: string;
  quantity?: number;
  periodStart?: number;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
}) {
  const start = options.periodStart ?? 1_763_683_200;
  return {
    id: options.id ?? "sub_test1",
    object: "subscription",
    customer: options.customer,
    status: options.status ?? "active",
    cancel_at_period_end: options.cancelAtPeriodEnd ?? false,
    metadata: {},
    items: {
      object: "list",
      data: [
        {
          id: "si_test1",
          price: { id: options.price ?? "price_team" },
          quantity: options.quantity ?? 3,
          current_period_start: start,
          current_period_end: options.periodEnd ?? start + 30 * 86_400,
        },
      ],
    },
  };
}

export function invoiceObject(options: { customer: string; amountDue?: number; paid?: boolean }) {
  const amount = options.amountDue ?? 4_900;
  return {
    id: `in_test${eventCounter}`,
    object: "invoice",
    customer: options.customer,
    currency: "eur",
    amount_due: amount,
    amount_paid: options.paid ? amount : 0,
    attempt_count: 1,
    next_payment_attempt: null,
  };
}
