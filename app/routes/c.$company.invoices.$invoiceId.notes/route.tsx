import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { setInvoiceNotesOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { backToInvoice, invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** A draft's notes, printed on the invoice. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    notes: intent({ operation: setInvoiceNotesOperation, fromParams: invoiceIdFromUrl, success: backToInvoice(args, "Notes saved.") }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function NotesRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
