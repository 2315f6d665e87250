import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { endpointJson } from "~/api/webhooks/answers.server";
import { getEndpoint } from "~/kernel/webhooks/endpoints.server";
import { deleteWebhookEndpointOperation, updateWebhookEndpointOperation } from "~/kernel/webhooks/operations.server";
import { apiChange, apiRead, jsonResponse, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/webhook-endpoints/{endpointId} */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getWebhookEndpoint, async (tx, _caller, { params }) => {
    const endpoint = await getEndpoint(tx, params.endpointId);
    if (!endpoint) throw notFoundProblem("Endpoint");
    return jsonResponse(endpointJson(endpoint));
  });
}

/** PATCH changes what is given (enabled turns it off or on); DELETE removes it with its log. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method === "PATCH") {
    return apiChange(args, endpoints.updateWebhookEndpoint, {
      operation: updateWebhookEndpointOperation,
      respond: (endpoint) => jsonResponse(endpointJson(endpoint)),
    });
  }
  if (args.request.method === "DELETE") {
    return apiChange(args, endpoints.deleteWebhookEndpoint, {
      operation: deleteWebhookEndpointOperation,
      respond: () => new Response(null, { status: 204 }),
    });
  }
  return methodNotAllowed(["GET", "PATCH", "DELETE"]);
}
