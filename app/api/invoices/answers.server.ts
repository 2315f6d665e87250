import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { getInvoice, lockInvoice, type Invoice, type InvoicePageRow, type InvoiceSummary } from "~/invoices/invoices.server";
import type { Member } from "~/kernel/accounts/session.server";
import { notFoundProblem } from "~/routing/api.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { invoiceSchema, invoiceSummarySchema } from "./schemas";
import { etagOf, tagged, type AnswerInit } from "../etag";

function summaryFields(invoice: InvoiceSummary) {
  return {
    id: invoice.id,
    kind: invoice.kind,
    status: invoice.status,
    number: invoice.number,
    clientId: invoice.clientId,
    clientName: invoice.clientName,
    currency: invoice.currency,
    periodFrom: invoice.periodFrom,
    periodTo: invoice.periodTo,
    issuedOn: invoice.issuedOn,
    dueOn: invoice.dueOn,
    paidOn: invoice.paidOn,
    voidedAt: invoice.voidedAt?.toISOString() ?? null,
    correctsId: invoice.correctsId,
    correctsNumber: invoice.correctsNumber,
    notes: invoice.notes,
    subtotalMinor: Number(invoice.subtotalMinor),
    taxMinor: Number(invoice.taxMinor),
    totalMinor: Number(invoice.totalMinor),
  };
}

/** An invoice as the API shows it in a list. */
export function invoiceSummaryJson(row: InvoicePageRow): z.output<typeof invoiceSummarySchema> {
  return { ...summaryFields(row), createdAt: row.createdAt.toISOString() };
}

/** An invoice on its own, with its lines. */
export function invoiceJson(invoice: Invoice): z.output<typeof invoiceSchema> {
  return {
    ...summaryFields(invoice),
    lines: invoice.lines.map((line) => ({
      id: line.id,
      position: line.position,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.amountMinor,
      taxRateBp: line.taxRateBp,
      taxMinor: line.taxMinor,
      projectId: line.projectId,
      taskId: line.taskId,
      userId: line.userId,
    })),
    entryCount: invoice.entryCount,
  };
}

/** The invoice's current ETag with its row locked, for If-Match; null when there is no such invoice. */
export async function lockedInvoiceTag(tx: TenantTransaction, invoiceId: string): Promise<string | null> {
  if (!(await lockInvoice(tx, invoiceId))) return null;
  const invoice = await getInvoice(tx, invoiceId);
  return invoice ? etagOf(invoiceJson(invoice)) : null;
}

/** A change's answer: the invoice (or the credit note it made) as it now is, with its ETag. */
export async function invoiceAnswer(
  context: AppLoadContext,
  member: Member,
  invoiceId: string,
  init: AnswerInit = {},
): Promise<Response> {
  const invoice = await context.withTenant(member.tenant, (tx) => getInvoice(tx, invoiceId));
  if (!invoice) throw notFoundProblem("Invoice");
  const body = invoiceJson(invoice);
  return tagged(body, init);
}

/** A new document's answer: 201, where it lives, and the document itself. */
export const createdInvoiceAnswer = (context: AppLoadContext, member: Member, invoiceId: string) =>
  invoiceAnswer(context, member, invoiceId, { status: 201, headers: { Location: `/api/v1/invoices/${invoiceId}` } });
