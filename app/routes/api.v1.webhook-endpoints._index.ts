import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { endpointJson } from "~/api/webhooks/answers.server";
import { listEndpoints } from "~/kernel/webhooks/endpoints.server";
import { createWebhookEndpointOperation } from "~/kernel/webhooks/operations.server";
import { apiChange, apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/webhook-endpoints */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listWebhookEndpoints, async (tx) => jsonResponse({ data: (await listEndpoints(tx)).map(endpointJson) }));
}

/** POST /api/v1/webhook-endpoints {"url", "eventTypes", "description"?}: 201 with the secret, shown this once. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createWebhookEndpoint, {
    operation: createWebhookEndpointOperation,
    respond: ({ endpoint, secret }) =>
      jsonResponse(
        { endpoint: endpointJson(endpoint), secret },
        { status: 201, headers: { Location: `/api/v1/webhook-endpoints/${endpoint.id}` } },
      ),
  });
}
