import Stripe from "stripe";

/**
 * What the billing page shows of the company's Stripe account besides its plan:
 * the next invoice and the card it will be charged to. Read from Stripe on each
 * view (Stripe is where both change: the portal, a renewal, a card update), like
 * the past invoices.
 */
export interface NextInvoice {
  /** When Stripe will try to collect it (ISO). */
  date: string;
  /** What will be charged, in the currency's minor unit (after credit and discounts). */
  amountDue: number;
  currency: string;
}

export type CardExpiry = "ok" | "expires-soon" | "expired";

export type PaymentMethodState =
  | { kind: "none" }
  | { kind: "card"; brand: string; last4: string; expMonth: number; expYear: number; expiry: CardExpiry }
  | { kind: "other"; type: string; last4: string | null };

export interface BillingAccount {
  /** null: nothing more will be billed (no live subscription, or it ends at the period's end). */
  nextInvoice: NextInvoice | null;
  paymentMethod: PaymentMethodState;
}

export interface AccountSubject {
  customerId: string;
  subscriptionId: string | null;
  /** A subscription Stripe will invoice again: live and not ending at the period's end. */
  renews: boolean;
}

// A page view waits for these: one quick retry, as for the invoice list.
const pageCall = { timeout: 5_000, maxNetworkRetries: 1 } as const;
const soonMs = 30 * 24 * 60 * 60 * 1000;

export async function readBillingAccount(stripe: Stripe, subject: AccountSubject, now: Date = new Date()): Promise<BillingAccount> {
  const [nextInvoice, paymentMethod] = await Promise.all([
    subject.renews && subject.subscriptionId ? previewNextInvoice(stripe, subject.customerId, subject.subscriptionId) : null,
    defaultPaymentMethod(stripe, subject),
  ]);
  return { nextInvoice, paymentMethod: describePaymentMethod(paymentMethod, nextInvoice, now) };
}

/**
 * The subscription's upcoming invoice through the Create Preview Invoice API (the
 * old "upcoming invoice" endpoint is gone since API version 2025-03-31). Stripe
 * answers invoice_upcoming_none when nothing more will be billed.
 */
async function previewNextInvoice(stripe: Stripe, customerId: string, subscriptionId: string): Promise<NextInvoice | null> {
  try {
    const preview = await stripe.invoices.createPreview({ customer: customerId, subscription: subscriptionId }, pageCall);
    const when = preview.next_payment_attempt ?? preview.period_end;
    return { date: new Date(when * 1000).toISOString(), amountDue: preview.amount_due, currency: preview.currency };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "invoice_upcoming_none") return null;
    throw error;
  }
}

/**
 * The payment method Stripe charges: the subscription's own (Checkout sets it),
 * else the customer's default for invoices (the portal sets it).
 */
async function defaultPaymentMethod(stripe: Stripe, subject: AccountSubject): Promise<Stripe.PaymentMethod | null> {
  if (subject.subscriptionId) {
    const subscription = await stripe.subscriptions.retrieve(
      subject.subscriptionId,
      { expand: ["default_payment_method", "customer.invoice_settings.default_payment_method"] },
      pageCall,
    );
    return expanded(subscription.default_payment_method) ?? customerDefault(subscription.customer);
  }
  const customer = await stripe.customers.retrieve(subject.customerId, { expand: ["invoice_settings.default_payment_method"] }, pageCall);
  return customerDefault(customer);
}

function customerDefault(customer: string | Stripe.Customer | Stripe.DeletedCustomer): Stripe.PaymentMethod | null {
  if (typeof customer === "string" || customer.deleted) return null;
  return expanded(customer.invoice_settings?.default_payment_method ?? null);
}

function expanded(method: string | Stripe.PaymentMethod | null | undefined): Stripe.PaymentMethod | null {
  return method && typeof method === "object" ? method : null;
}

/**
 * A card expires at the end of its expiry month. "Expires soon" when that is within
 * 30 days or before the next invoice: then the renewal would fail unless it is
 * replaced, which is the moment to say so.
 */
export function describePaymentMethod(method: Stripe.PaymentMethod | null, nextInvoice: NextInvoice | null, now: Date): PaymentMethodState {
  if (!method) return { kind: "none" };
  if (method.type === "card" && method.card) {
    const { brand, last4, exp_month: expMonth, exp_year: expYear } = method.card;
    // Date.UTC's month is zero-based: (expYear, expMonth) is the first moment after the expiry month.
    const expiresAt = Date.UTC(expYear, expMonth, 1);
    const nextCharge = nextInvoice ? Date.parse(nextInvoice.date) : null;
    const expiry: CardExpiry =
      expiresAt <= now.getTime()
        ? "expired"
        : expiresAt - now.getTime() <= soonMs || (nextCharge !== null && expiresAt <= nextCharge)
          ? "expires-soon"
          : "ok";
    return { kind: "card", brand, last4, expMonth, expYear, expiry };
  }
  const details = (method as unknown as Record<string, { last4?: string } | undefined>)[method.type];
  return { kind: "other", type: method.type, last4: details?.last4 ?? null };
}
