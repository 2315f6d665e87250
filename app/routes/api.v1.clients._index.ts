import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { clientAnswer, clientJson } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { listClientsAfter } from "~/kernel/catalog/clients.server";
import { createClientOperation } from "~/kernel/catalog/operations.server";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/clients: every client, oldest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listClients, async (tx, _caller, { query }) => {
    const page = pageRequestOf(query);
    const archived = query.archived === undefined ? undefined : query.archived === "true";
    const rows = await listClientsAfter(tx, { after: page.after, limit: page.limit + 1, archived });
    return pageAnswer(rows, page, args.request, clientJson);
  });
}

/** POST /api/v1/clients */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createClient, {
    operation: createClientOperation,
    input: (fields) => fields,
    respond: ({ id }, { member }) => clientAnswer(args.context, member, id, { status: 201, headers: { Location: `/api/v1/clients/${id}` } }),
  });
}
