import { getClient } from "~/kernel/catalog/clients.server";
import { todayIn } from "~/kernel/clock/weeks";
import { getInvoice, listInvoices } from "~/invoices/invoices.server";
import { getInvoiceSettings } from "~/invoices/settings.server";
import { getCompanyCalendar } from "~/time/rules.server";
import type { TenantTransaction } from "../../../db/tenant";

/** The invoice as its page shows it, or null when the company has no such invoice. */
export async function invoicePage(tx: TenantTransaction, invoiceId: string) {
  const invoice = await getInvoice(tx, invoiceId);
  if (!invoice) return null;
  // A draft shows who it will name as they are now; issuing snapshots them.
  let seller = invoice.seller;
  let buyer = invoice.buyer;
  if (invoice.status === "draft") {
    const settings = (await getInvoiceSettings(tx))!;
    const client = await getClient(tx, invoice.clientId);
    seller = { legal_name: settings.legalName, address: settings.address, tax_id: settings.taxId };
    buyer = {
      name: client?.name ?? invoice.clientName,
      contact_name: client?.contactName ?? null,
      contact_email: client?.contactEmail ?? null,
      address: client?.billingAddress ?? null,
      tax_id: client?.taxId ?? null,
    };
  }
  const creditNotes =
    invoice.kind === "invoice" && invoice.status !== "draft"
      ? (await listInvoices(tx, { clientId: invoice.clientId })).filter((other) => other.correctsId === invoice.id)
      : [];
  return { invoice, seller, buyer, creditNotes, today: todayIn((await getCompanyCalendar(tx)).timezone) };
}
