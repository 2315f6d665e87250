import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { getInvoiceDocument } from "~/invoices/document.server";
import { invoiceFileName, renderInvoicePdf } from "~/invoices/pdf.server";
import { apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/invoices/{invoiceId}/pdf: the document the invoice page downloads, from the same model and renderer. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getInvoicePdf, async (tx, _caller, { params }) => {
    const document = await getInvoiceDocument(tx, params.invoiceId);
    if (!document) throw notFoundProblem("Invoice");
    return new Response(createReadableStreamFromReadable(renderInvoicePdf(document)), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${invoiceFileName(document)}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}

export const action = () => methodNotAllowed(["GET"]);
