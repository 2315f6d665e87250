import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { endpointJson } from "~/api/webhooks/answers.server";
import { rotateWebhookSecretOperation } from "~/kernel/webhooks/operations.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/webhook-endpoints/{endpointId}/rotate-secret {"overlapHours"?}: the new secret, shown this once. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.rotateWebhookSecret, {
    operation: rotateWebhookSecretOperation,
    respond: ({ endpoint, secret }) => jsonResponse({ endpoint: endpointJson(endpoint), secret }),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
