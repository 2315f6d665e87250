import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { invoiceAnswer, lockedInvoiceTag } from "~/api/invoices/answers.server";
import { removeInvoiceLineOperation } from "~/invoices/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** DELETE /api/v1/invoices/{invoiceId}/lines/{lineId}: the draft as it now is, with its new totals. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  return apiChange(args, endpoints.removeInvoiceLine, {
    operation: removeInvoiceLineOperation,
    currentTag: (tx, input) => lockedInvoiceTag(tx, input.invoiceId),
    respond: (_, { member }) => invoiceAnswer(args.context, member, args.params.invoiceId!),
  });
}

export const loader = () => methodNotAllowed(["DELETE"]);
