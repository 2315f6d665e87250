import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import type { Member } from "~/kernel/accounts/session.server";
import { creditInFullOperation, creditPartOperation } from "~/invoices/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { invoiceIdFromUrl } from "../c.$company.invoices.$invoiceId/invoice-action.server";

/** The credit note's own page follows, where it can be downloaded or voided. */
const toCreditNote = (note: { id: string; number: string }, member: Member) => ({
  toast: `Credit note ${note.number} issued.`,
  redirectTo: `/c/${member.company.slug}/invoices/${note.id}`,
});

/** An issued invoice corrected by a credit note: in full, or one amount of it. */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    credit: intent({ operation: creditInFullOperation, fromParams: invoiceIdFromUrl, success: toCreditNote }),
    "credit-part": intent({ operation: creditPartOperation, fromParams: invoiceIdFromUrl, success: toCreditNote }),
  });
}

/** A refusal, shown on the invoice's page (this route renders in its outlet). */
export default function CreditRefused() {
  return <ReplyErrors reply={useActionData<typeof action>()} />;
}
