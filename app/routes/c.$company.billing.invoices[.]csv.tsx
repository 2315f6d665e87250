import type { LoaderFunctionArgs } from "@remix-run/node";
import { invoicesCsv } from "~/billing/stripe-bills.server";
import { readSubscription } from "~/billing/billing.server";
import { withCompany } from "~/routing/company-data.server";

const downloadHeaders = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

const plain = (status: number, text: string) =>
  new Response(`${text}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...downloadHeaders } });

/**
 * GET /c/:company/billing/invoices.csv: the company's Stripe invoices for finance
 * (owners, admins and finance, as the billing page). Read from Stripe on each
 * download, every page of them; a company that never had a Stripe customer gets
 * the header only. Stripe failing is a 503 with words, not an empty file that
 * could pass for "no invoices".
 */
export async function loader(args: LoaderFunctionArgs) {
  const { member, result: subscription } = await withCompany(args, "billing:view", readSubscription);
  const stripe = args.context.billing.stripe;
  if (!stripe) return plain(404, "Billing isn't configured on this server, so there are no Stripe invoices.");
  const customerId = subscription?.stripeCustomerId;
  let invoices;
  try {
    invoices = customerId ? await stripe.allInvoices(customerId) : [];
  } catch (error) {
    args.context.logger.warn({ err: error }, "Could not list invoices from Stripe for the CSV");
    return plain(503, "Invoices couldn't be loaded from Stripe just now. Try again in a moment.");
  }
  return new Response(invoicesCsv(invoices, member.company.timezone), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${member.company.slug}-stripe-invoices.csv"`,
      ...downloadHeaders,
    },
  });
}
