import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { invoiceAnswer, invoiceJson, lockedInvoiceTag } from "~/api/invoices/answers.server";
import { getInvoice } from "~/invoices/invoices.server";
import { deleteDraftInvoiceOperation, setInvoiceNotesOperation } from "~/invoices/operations.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/invoices/{invoiceId}, with an ETag; If-None-Match answers 304 when nothing changed. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getInvoice, async (tx, _caller, { params }) => {
    const invoice = await getInvoice(tx, params.invoiceId);
    if (!invoice) throw notFoundProblem("Invoice");
    return representation(args.request, invoiceJson(invoice));
  });
}

/** PATCH {"notes"}: a draft's notes; DELETE: the draft thrown away. Both honour If-Match. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method === "PATCH") {
    return apiChange(args, endpoints.setInvoiceNotes, {
      operation: setInvoiceNotesOperation,
      currentTag: (tx, input) => lockedInvoiceTag(tx, input.invoiceId),
      respond: (_, { member }) => invoiceAnswer(args.context, member, args.params.invoiceId!),
    });
  }
  if (args.request.method === "DELETE") {
    return apiChange(args, endpoints.deleteDraftInvoice, {
      operation: deleteDraftInvoiceOperation,
      currentTag: (tx, input) => lockedInvoiceTag(tx, input.invoiceId),
      respond: () => new Response(null, { status: 204 }),
    });
  }
  return methodNotAllowed(["GET", "PATCH", "DELETE"]);
}
