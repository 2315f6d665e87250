import type Stripe from "stripe";
import type { Database } from "../../db/types";
import { recordStripeEvent } from "./stripe-events.server";
import { stripeEventSchema } from "./stripe-objects";

export type WebhookReceipt =
  | { status: 200; eventId: string; duplicate: boolean }
  | { status: 400; reason: string };

/**
 * A webhook delivery: verified on the raw body (Stripe signs the exact bytes, and
 * refuses timestamps older than 5 minutes, so a captured delivery can't be replayed
 * later), then stored once by event id with its job queued. Nothing is stored for
 * a delivery that fails any check. Applying the event is the job's: Stripe gets its
 * 2xx at once and retries only deliveries that never arrived.
 */
export async function receiveStripeWebhook(
  deps: { db: Database; stripe: Stripe; webhookSecret: string },
  rawBody: string,
  signature: string | null,
): Promise<WebhookReceipt> {
  if (!signature) return { status: 400, reason: "missing Stripe-Signature header" };
  let verified: unknown;
  try {
    verified = deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret);
  } catch (error) {
    // A wrong signature and a body that isn't JSON both land here; neither is retried usefully.
    return { status: 400, reason: error instanceof SyntaxError ? "body is not JSON" : "signature verification failed" };
  }
  const event = stripeEventSchema.safeParse(verified);
  if (!event.success) return { status: 400, reason: "not a Stripe event" };
  const { duplicate } = await recordStripeEvent(deps.db, event.data);
  return { status: 200, eventId: event.data.id, duplicate };
}
