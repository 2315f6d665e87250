import { stringify } from "csv-stringify/sync";
import type Stripe from "stripe";

/** A past invoice as the billing page lists it; amounts in the currency's minor unit. */
export interface PastInvoice {
  id: string;
  number: string | null;
  createdAt: string;
  total: number;
  amountPaid: number;
  amountDue: number;
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
  return page.data.filter(finalized).map(pastInvoice);
}

/** Enough for decades of monthly invoices; a customer with more is not one of ours. */
const downloadCap = 2_000;

/**
 * Every finalized invoice of the customer, newest first, for finance's CSV: all
 * pages of Stripe's list, 100 at a time.
 */
export async function listAllInvoices(stripe: Stripe, customerId: string): Promise<PastInvoice[]> {
  const all = await stripe.invoices
    .list({ customer: customerId, limit: 100 }, { timeout: 10_000, maxNetworkRetries: 2 })
    .autoPagingToArray({ limit: downloadCap });
  return all.filter(finalized).map(pastInvoice);
}

const finalized = (invoice: Stripe.Invoice) => invoice.status !== "draft" && Boolean(invoice.id);

function pastInvoice(invoice: Stripe.Invoice): PastInvoice {
  return {
    id: invoice.id!,
    number: invoice.number,
    createdAt: new Date(invoice.created * 1000).toISOString(),
    total: invoice.total,
    amountPaid: invoice.amount_paid ?? 0,
    amountDue: invoice.amount_due ?? 0,
    currency: invoice.currency,
    status: invoice.status ?? "unknown",
    pdfUrl: invoice.invoice_pdf ?? null,
    hostedUrl: invoice.hosted_invoice_url ?? null,
  };
}

/** Minor units as a decimal string, exact (no floating point): 14700 EUR → "147.00", 500 JPY → "500". */
export function minorUnitsToDecimal(minor: number, currency: string): string {
  const digits = zeroDecimalCurrencies.has(currency.toLowerCase()) ? 0 : 2;
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = String(Math.abs(minor)).padStart(3, "0");
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

// Stripe's zero-decimal currencies: amounts are already whole units.
const zeroDecimalCurrencies = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
]);

const csvColumns = [
  { key: "number", header: "Number" },
  { key: "date", header: "Date" },
  { key: "status", header: "Status" },
  { key: "currency", header: "Currency" },
  { key: "total", header: "Total" },
  { key: "amountPaid", header: "Paid" },
  { key: "amountDue", header: "Due" },
  { key: "pdfUrl", header: "PDF" },
  { key: "hostedUrl", header: "Invoice page" },
  { key: "id", header: "Stripe invoice id" },
];

/**
 * Finance's CSV of the company's Stripe invoices: dates as YYYY-MM-DD in the
 * company's zone, amounts as exact decimals in the invoice's currency, the PDF
 * link. A byte order mark for Excel, and text starting with =, +, -, @, tab or CR
 * escaped (csv-stringify's escape_formulas), as the other exports do.
 */
export function invoicesCsv(invoices: PastInvoice[], timeZone: string): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const records = invoices.map((invoice) => ({
    ...invoice,
    number: invoice.number ?? "",
    date: day.format(new Date(invoice.createdAt)),
    currency: invoice.currency.toUpperCase(),
    total: minorUnitsToDecimal(invoice.total, invoice.currency),
    amountPaid: minorUnitsToDecimal(invoice.amountPaid, invoice.currency),
    amountDue: minorUnitsToDecimal(invoice.amountDue, invoice.currency),
    pdfUrl: invoice.pdfUrl ?? "",
    hostedUrl: invoice.hostedUrl ?? "",
  }));
  return stringify(records, { columns: csvColumns, header: true, bom: true, escape_formulas: true });
}
