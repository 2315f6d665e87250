import type { z } from "zod";
import type { WebhookDelivery, WebhookEndpoint } from "~/kernel/webhooks/endpoints.server";
import type { webhookDeliverySchema, webhookEndpointSchema } from "./schemas";

export function endpointJson(endpoint: WebhookEndpoint): z.output<typeof webhookEndpointSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes as z.output<typeof webhookEndpointSchema>["eventTypes"],
    enabled: endpoint.disabledAt === null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function deliveryJson(delivery: WebhookDelivery): z.output<typeof webhookDeliverySchema> {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    finishedAt: delivery.finishedAt?.toISOString() ?? null,
    payload: delivery.payload,
    log: delivery.log.map((attempt) => ({ ...attempt, startedAt: new Date(attempt.startedAt).toISOString() })),
  };
}
