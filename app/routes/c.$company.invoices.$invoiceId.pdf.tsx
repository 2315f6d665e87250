import { createReadableStreamFromReadable, data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { invoiceFileName, renderInvoicePdf } from "~/invoices/pdf.server";
import { getInvoiceDocument } from "~/invoices/document.server";
import { companyMember } from "~/routing/company-data.server";

const invoiceIdSchema = z.uuid();

function notFound(): never {
  throw data("Invoice not found", { status: 404 });
}

/**
 * An invoice, credit note or draft as a PDF download. The data is read in one
 * tenant transaction, which ends before the document is laid out and streamed,
 * so a slow download holds no connection. Another company's id is "not found",
 * as RLS would answer.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await companyMember({ request, params, context }, "invoice:view");
  const invoiceId = invoiceIdSchema.safeParse(params.invoiceId);
  if (!invoiceId.success) notFound();
  const document = await context.withTenant(member.tenant, (tx) => getInvoiceDocument(tx, invoiceId.data));
  if (!document) notFound();
  return new Response(createReadableStreamFromReadable(renderInvoicePdf(document)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${invoiceFileName(document)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
