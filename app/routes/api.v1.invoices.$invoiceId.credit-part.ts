import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { createdInvoiceAnswer, lockedInvoiceTag } from "~/api/invoices/answers.server";
import { creditPartOperation } from "~/invoices/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/invoices/{invoiceId}/credit-part {"description", "amount", "taxRate"?, "issuedOn"?}: 201 with the credit note. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.creditInvoicePart, {
    operation: creditPartOperation,
    currentTag: (tx, input) => lockedInvoiceTag(tx, input.invoiceId),
    respond: ({ id }, { member }) => createdInvoiceAnswer(args.context, member, id),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
