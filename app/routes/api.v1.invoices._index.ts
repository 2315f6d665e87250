import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { createdInvoiceAnswer, invoiceSummaryJson } from "~/api/invoices/answers.server";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { listInvoicesAfter } from "~/invoices/invoices.server";
import { createDraftInvoiceOperation } from "~/invoices/operations.server";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/invoices: invoices and credit notes, oldest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listInvoices, async (tx, _caller, { query }) => {
    const page = pageRequestOf(query);
    const { status, clientId, issuedFrom, issuedTo } = query;
    const rows = await listInvoicesAfter(tx, { after: page.after, limit: page.limit + 1, status, clientId, issuedFrom, issuedTo });
    return pageAnswer(rows, page, args.request, invoiceSummaryJson);
  });
}

/** POST /api/v1/invoices {"clientId", "from", "to", "projectIds"?, "groupBy"}: a draft from approved time. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createDraftInvoice, {
    operation: createDraftInvoiceOperation,
    respond: ({ id }, { member }) => createdInvoiceAnswer(args.context, member, id),
  });
}
