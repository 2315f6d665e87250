import type { ActionFunctionArgs } from "@remix-run/node";
import type { Member } from "~/kernel/accounts/session.server";
import type { Success } from "~/routing/company-action.server";

/**
 * What the invoice's child routes share: each acts on the invoice its URL names,
 * and a success goes back to the invoice's page with its confirmation.
 */

export const invoiceIdFromUrl = (params: ActionFunctionArgs["params"]) => ({ invoiceId: params.invoiceId });

export const backToInvoice =
  (args: ActionFunctionArgs, toast: string) =>
  (_result: unknown, member: Member): Success => ({ toast, redirectTo: `/c/${member.company.slug}/invoices/${args.params.invoiceId}` });
