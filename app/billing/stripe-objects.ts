import { z } from "zod";

/**
 * The parts of Stripe's objects this product reads, checked with zod rather than
 * trusted from the SDK's types: events are stored as Stripe sent them and may be
 * processed by a later release, under a newer API version. Unknown fields pass.
 */
const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]+$`));
/** Stripe sends either the id or the expanded object. */
const ref = (prefix: string) =>
  z.union([id(prefix), z.object({ id: id(prefix) })]).transform((value) => (typeof value === "string" ? value : value.id));
const metadata = z.record(z.string(), z.string()).nullish();
const seconds = z.int().positive();

// Loose: the event is stored as Stripe sent it (api_version, previous_attributes…).
export const stripeEventSchema = z.looseObject({
  id: id("evt"),
  type: z.string().min(1).max(200),
  created: seconds,
  livemode: z.boolean(),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>;

export const checkoutSessionSchema = z.object({
  id: z.string(),
  mode: z.string(),
  customer: ref("cus").nullish(),
  subscription: ref("sub").nullish(),
  client_reference_id: z.string().nullish(),
  metadata,
});

// Since API version 2025-03-31 the billing period is per item; older events carry it on the subscription.
const subscriptionItemSchema = z.object({
  price: z.object({ id: z.string() }),
  quantity: z.int().min(0).optional(),
  current_period_start: seconds.optional(),
  current_period_end: seconds.optional(),
});

export const subscriptionSchema = z.object({
  id: id("sub"),
  customer: ref("cus"),
  status: z.enum(["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"]),
  cancel_at_period_end: z.boolean().default(false),
  current_period_start: seconds.optional(),
  current_period_end: seconds.optional(),
  metadata,
  items: z.object({ data: z.array(subscriptionItemSchema).min(1) }),
});
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

export const invoiceSchema = z.object({
  id: z.string(),
  customer: ref("cus").nullish(),
  currency: z.string().regex(/^[a-z]{3}$/),
  amount_due: z.int().min(0),
  amount_paid: z.int().min(0),
  attempt_count: z.int().min(0).default(0),
  next_payment_attempt: seconds.nullish(),
});
