import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { sendWebhookTestOperation } from "~/kernel/webhooks/operations.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/webhook-endpoints/{endpointId}/send-test: a webhook.test event to this endpoint. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.sendWebhookTest, {
    operation: sendWebhookTestOperation,
    respond: (sent) => jsonResponse(sent, { status: 201 }),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
