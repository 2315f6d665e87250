import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { deleteDraftInvoiceOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** A draft thrown away; the list of invoices follows. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    delete: intent({
      operation: deleteDraftInvoiceOperation,
      fromParams: invoiceIdFromUrl,
      success: (_, member) => ({ toast: "Draft deleted.", redirectTo: `/c/${member.company.slug}/invoices` }),
    }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function DeleteRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
