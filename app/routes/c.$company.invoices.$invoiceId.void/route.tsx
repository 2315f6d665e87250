import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { voidInvoiceOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { backToInvoice, invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** An issued invoice or credit note voided; it keeps its number. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    void: intent({
      operation: voidInvoiceOperation,
      fromParams: invoiceIdFromUrl,
      success: backToInvoice(args, "Invoice voided; its time can be invoiced again."),
    }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function VoidRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
