import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { markInvoicePaidOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { backToInvoice, invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** An issued invoice's payment arrived. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    "mark-paid": intent({ operation: markInvoicePaidOperation, fromParams: invoiceIdFromUrl, success: backToInvoice(args, "Marked paid.") }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function PaymentRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
