import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { clientAnswer, lockedClientTag, readClient } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { updateClientOperation } from "~/kernel/catalog/operations.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/clients/{clientId}, with an ETag; If-None-Match answers 304 when nothing changed. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getClient, async (tx, _caller, { params }) => {
    const client = await readClient(tx, params.clientId);
    if (!client) throw notFoundProblem("Client");
    return representation(args.request, client);
  });
}

/** PUT /api/v1/clients/{clientId}: the client's details, replaced; with If-Match, only if nobody changed it since. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  return apiChange(args, endpoints.updateClient, {
    operation: updateClientOperation,
    input: (fields) => fields,
    currentTag: (tx, input) => lockedClientTag(tx, input.clientId),
    respond: ({ id }, { member }) => clientAnswer(args.context, member, id),
  });
}
