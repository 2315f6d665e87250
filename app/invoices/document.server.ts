import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { daysBetween } from "~/kernel/clock/weeks";
import { getInvoiceSettings } from "./settings.server";
import { getInvoice, type Invoice, type InvoiceParty } from "./invoices.server";

/**
 * What an invoice's PDF prints: the invoice and the two parties it names. An
 * issued invoice names them as they were at issue (its snapshot, migration 0008),
 * so a later change of address never rewrites a document the client has. A draft
 * has no snapshot yet and shows who it would name if issued now.
 */
export interface InvoiceDocument {
  invoice: Invoice;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  /** Days from issue to due; for a draft, the company's current terms. */
  paymentTermsDays: number;
}

export async function getInvoiceDocument(tx: TenantTransaction, invoiceId: string): Promise<InvoiceDocument | null> {
  const invoice = await getInvoice(tx, invoiceId);
  if (!invoice) return null;
  if (invoice.seller && invoice.buyer && invoice.issuedOn && invoice.dueOn) {
    return { invoice, seller: invoice.seller, buyer: invoice.buyer, paymentTermsDays: daysBetween(invoice.issuedOn, invoice.dueOn) };
  }
  const settings = (await getInvoiceSettings(tx))!;
  const [buyer] = await tx.query<InvoiceParty>(sql`
    select name, contact_name, contact_email, billing_address as address, tax_id
      from clients where company_id = ${tx.tenant.companyId} and id = ${invoice.clientId}`);
  return {
    invoice,
    seller: { legal_name: settings.legalName, address: settings.address, tax_id: settings.taxId },
    buyer: buyer!,
    paymentTermsDays: settings.paymentTermsDays,
  };
}
