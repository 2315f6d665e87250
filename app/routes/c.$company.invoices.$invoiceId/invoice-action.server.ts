import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { Member } from "~/kernel/accounts/session.server";
import { companyAction, type IntentHandler, type Success } from "~/routing/company-action.server";

/**
 * What the invoice's child routes share: each acts on the invoice its URL names,
 * and a success goes back to the invoice's page with its confirmation.
 */
const invoiceId = z.uuid();

/**
 * A malformed id names no invoice, whatever the form asks: 404 before the intent is
 * looked at, as on the page itself.
 */
export async function invoiceAction(args: ActionFunctionArgs, handlers: Record<string, IntentHandler>) {
  if (!invoiceId.safeParse(args.params.invoiceId).success) throw data("Invoice not found", { status: 404 });
  return companyAction(args, handlers);
}

export const invoiceIdFromUrl = (params: ActionFunctionArgs["params"]) => ({ invoiceId: params.invoiceId });

export const backToInvoice =
  (args: ActionFunctionArgs, toast: string) =>
  (_result: unknown, member: Member): Success => ({ toast, redirectTo: `/c/${member.company.slug}/invoices/${args.params.invoiceId}` });
