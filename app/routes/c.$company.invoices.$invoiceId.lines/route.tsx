import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { addInvoiceDiscountOperation, addInvoiceLineOperation, removeInvoiceLineOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { backToInvoice, invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** A draft's lines: a manual line or a discount added, a line removed. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    "add-line": intent({ operation: addInvoiceLineOperation, fromParams: invoiceIdFromUrl, success: backToInvoice(args, "Line added.") }),
    "add-discount": intent({
      operation: addInvoiceDiscountOperation,
      fromParams: invoiceIdFromUrl,
      success: backToInvoice(args, "Discount added."),
    }),
    "remove-line": intent({
      operation: removeInvoiceLineOperation,
      fromParams: invoiceIdFromUrl,
      success: backToInvoice(args, "Line removed; its time can go on a later invoice."),
    }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function LinesRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
