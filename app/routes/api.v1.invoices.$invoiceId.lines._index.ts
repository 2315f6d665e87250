import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { invoiceAnswer, lockedInvoiceTag } from "~/api/invoices/answers.server";
import { addInvoiceLineOperation } from "~/invoices/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/invoices/{invoiceId}/lines {"description", "quantity", "unitPrice", "taxRate"?}: the draft as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.addInvoiceLine, {
    operation: addInvoiceLineOperation,
    currentTag: (tx, input) => lockedInvoiceTag(tx, input.invoiceId),
    respond: (_, { member }) => invoiceAnswer(args.context, member, args.params.invoiceId!),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
