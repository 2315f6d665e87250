import { notFound, operation, refused, succeeded } from "../operations";
import { urlProblem } from "./address-guard";
import { resendDelivery, sendTestEvent } from "./deliveries.server";
import { createEndpoint, deleteEndpoint, rotateSecret, updateEndpoint } from "./endpoints.server";
import { createEndpointInput, endpointInput, resendDeliveryInput, rotateSecretInput, updateEndpointInput } from "./inputs";

/**
 * Registering and managing webhook endpoints (docs/decisions/049-outgoing-webhooks.md).
 * A URL is checked against the network policy when saved, for a clear message; it is
 * checked again, after DNS, every time something is sent to it.
 */
export const createWebhookEndpointOperation = operation({
  name: "webhook-endpoint.create",
  permission: "webhook:manage",
  input: createEndpointInput,
  run: async (tx, input, { services }) => {
    const problem = urlProblem(input.url, services.webhookPolicy);
    if (problem) return refused(422, problem, "url");
    return succeeded(await createEndpoint(tx, services.secrets, input));
  },
});

export const updateWebhookEndpointOperation = operation({
  name: "webhook-endpoint.update",
  permission: "webhook:manage",
  input: updateEndpointInput,
  run: async (tx, input, { services }) => {
    const problem = input.url === undefined ? null : urlProblem(input.url, services.webhookPolicy);
    if (problem) return refused(422, problem, "url");
    const endpoint = await updateEndpoint(tx, input);
    return endpoint ? succeeded(endpoint) : notFound("Endpoint");
  },
});

export const deleteWebhookEndpointOperation = operation({
  name: "webhook-endpoint.delete",
  permission: "webhook:manage",
  input: endpointInput,
  run: async (tx, input) => ((await deleteEndpoint(tx, input.endpointId)) ? succeeded({ endpointId: input.endpointId }) : notFound("Endpoint")),
});

export const rotateWebhookSecretOperation = operation({
  name: "webhook-endpoint.rotate-secret",
  permission: "webhook:manage",
  input: rotateSecretInput,
  run: async (tx, input, { services }) => {
    const rotated = await rotateSecret(tx, services.secrets, input.endpointId, input.overlapHours);
    return rotated ? succeeded(rotated) : notFound("Endpoint");
  },
});

export const sendWebhookTestOperation = operation({
  name: "webhook-endpoint.send-test",
  permission: "webhook:manage",
  input: endpointInput,
  run: async (tx, input) => {
    const sent = await sendTestEvent(tx, input.endpointId);
    return sent ? succeeded(sent) : notFound("Endpoint");
  },
});

export const resendWebhookDeliveryOperation = operation({
  name: "webhook-delivery.resend",
  permission: "webhook:manage",
  input: resendDeliveryInput,
  run: async (tx, input) => {
    const resent = await resendDelivery(tx, input.endpointId, input.deliveryId);
    return resent ? succeeded(resent) : notFound("Delivery");
  },
});
