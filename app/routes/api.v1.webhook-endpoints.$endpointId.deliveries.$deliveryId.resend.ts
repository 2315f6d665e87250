import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { resendWebhookDeliveryOperation } from "~/kernel/webhooks/operations.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.resendWebhookDelivery, {
    operation: resendWebhookDeliveryOperation,
    respond: (resent) => jsonResponse(resent),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
