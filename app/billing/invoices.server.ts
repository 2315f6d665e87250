import type Stripe from "stripe";

/** A past invoice as the billing page lists it; amounts in the currency's minor unit. */
export interface PastInvoice {
  id: string;
  number: string | null;
  createdAt: string;
  total: number;
  currency: string;
  status: string;
  pdfUrl: string | null;
  hostedUrl: string | null;
}

/** How many invoices the page shows: two years of a monthly plan. */
const shown = 24;

/**
 * The company's invoices, newest first, read from Stripe on each view rather than
 * copied here: Stripe is where they are issued, corrected and paid. Drafts aren't
 * the customer's business until finalized.
 */
export async function listPastInvoices(stripe: Stripe, customerId: string): Promise<PastInvoice[]> {
  // A page view waits for this: one quick retry, not the SDK's defaults for background work.
  const page = await stripe.invoices.list({ customer: customerId, limit: shown }, { timeout: 5_000, maxNetworkRetries: 1 });
  return page.data
    .filter((invoice) => invoice.status !== "draft" && invoice.id)
    .map((invoice) => ({
      id: invoice.id!,
      number: invoice.number,
      createdAt: new Date(invoice.created * 1000).toISOString(),
      total: invoice.total,
      currency: invoice.currency,
      status: invoice.status ?? "unknown",
      pdfUrl: invoice.invoice_pdf ?? null,
      hostedUrl: invoice.hosted_invoice_url ?? null,
    }));
}
