import type { ActionFunctionArgs } from "@remix-run/node";
import { clientAnswer, lockedClientTag } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { restoreClientOperation } from "~/kernel/catalog/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/clients/{clientId}/restore: the client as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.restoreClient, {
    operation: restoreClientOperation,
    currentTag: (tx, input) => lockedClientTag(tx, input.clientId),
    respond: ({ id }, { member }) => clientAnswer(args.context, member, id),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
