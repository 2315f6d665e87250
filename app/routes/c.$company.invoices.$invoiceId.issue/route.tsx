import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { issueInvoiceOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** A draft issued: numbered, dated and due. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    issue: intent({
      operation: issueInvoiceOperation,
      fromParams: invoiceIdFromUrl,
      success: ({ number }, member) => ({ toast: `Issued as ${number}.`, redirectTo: `/c/${member.company.slug}/invoices/${args.params.invoiceId}` }),
    }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function IssueRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
