import { z } from "zod";
import { createEndpointInput, endpointInput, resendDeliveryInput, rotateSecretInput, updateEndpointInput } from "~/kernel/webhooks/inputs";
import type { Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import {
  webhookDeliveryPageSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookResendSchema,
  webhookTestSchema,
} from "./schemas";

const endpointPath = endpointInput;
const base = "/api/v1/webhook-endpoints";
const one = `${base}/{endpointId}`;

export const webhookEndpoints = {
  listWebhookEndpoints: {
    method: "get",
    path: base,
    operationId: "listWebhookEndpoints",
    tag: "Webhooks",
    summary: "List webhook endpoints",
    description: "The company's endpoints, newest first (a company has a handful: no paging).",
    permission: "webhook:manage",
    success: { status: 200, description: "The endpoints", schema: webhookEndpointListSchema },
  },
  createWebhookEndpoint: {
    method: "post",
    path: base,
    operationId: "createWebhookEndpoint",
    tag: "Webhooks",
    summary: "Register a webhook endpoint",
    description:
      "Its signing secret is in the answer, this once. Only https URLs in production, and only public addresses (422 naming the URL otherwise).",
    permission: "webhook:manage",
    body: z.strictObject(createEndpointInput.shape),
    success: { status: 201, description: "The endpoint and its secret", schema: webhookEndpointWithSecretSchema, headers: ["Location"] },
    rules: true,
  },
  getWebhookEndpoint: {
    method: "get",
    path: one,
    operationId: "getWebhookEndpoint",
    tag: "Webhooks",
    summary: "Get a webhook endpoint",
    permission: "webhook:manage",
    params: endpointPath,
    success: { status: 200, description: "The endpoint", schema: webhookEndpointSchema },
  },
  updateWebhookEndpoint: {
    method: "patch",
    path: one,
    operationId: "updateWebhookEndpoint",
    tag: "Webhooks",
    summary: "Change a webhook endpoint, or turn it off or on",
    description: "Turning it back on sends what waited meanwhile, in order.",
    permission: "webhook:manage",
    params: endpointPath,
    body: z.strictObject(updateEndpointInput.omit({ endpointId: true }).shape),
    success: { status: 200, description: "The endpoint as it now is", schema: webhookEndpointSchema },
    rules: true,
  },
  deleteWebhookEndpoint: {
    method: "delete",
    path: one,
    operationId: "deleteWebhookEndpoint",
    tag: "Webhooks",
    summary: "Delete a webhook endpoint and its delivery log",
    permission: "webhook:manage",
    params: endpointPath,
    success: { status: 204, description: "Deleted" },
  },
  rotateWebhookSecret: {
    method: "post",
    path: `${one}/rotate-secret`,
    operationId: "rotateWebhookSecret",
    tag: "Webhooks",
    summary: "Rotate the signing secret",
    description:
      "A new secret, in the answer this once. For `overlapHours` (24 when left out) deliveries carry a signature by each secret, so the receiver can switch without missing one.",
    permission: "webhook:manage",
    params: endpointPath,
    body: z.strictObject(rotateSecretInput.omit({ endpointId: true }).shape),
    success: { status: 200, description: "The endpoint and its new secret", schema: webhookEndpointWithSecretSchema },
  },
  sendWebhookTest: {
    method: "post",
    path: `${one}/send-test`,
    operationId: "sendWebhookTest",
    tag: "Webhooks",
    summary: "Send a test event",
    description: "A `webhook.test` event to this endpoint only, delivered and logged like any other.",
    permission: "webhook:manage",
    params: endpointPath,
    success: { status: 201, description: "The test event", schema: webhookTestSchema },
  },
  listWebhookDeliveries: {
    method: "get",
    path: `${one}/deliveries`,
    operationId: "listWebhookDeliveries",
    tag: "Webhooks",
    summary: "The endpoint's delivery log",
    description: "Its deliveries of the last 30 days, newest first, each with every attempt: status, the first KB of the answer, duration.",
    permission: "webhook:manage",
    params: endpointPath,
    query: pageQuery,
    success: { status: 200, description: "A page of deliveries", schema: webhookDeliveryPageSchema, headers: ["Link"] },
  },
  resendWebhookDelivery: {
    method: "post",
    path: `${one}/deliveries/{deliveryId}/resend`,
    operationId: "resendWebhookDelivery",
    tag: "Webhooks",
    summary: "Send a delivery again",
    description: "With fresh attempts and the same event id (the webhook-id header), so a receiver that has it can tell.",
    permission: "webhook:manage",
    params: resendDeliveryInput,
    success: { status: 200, description: "The delivery, waiting to be sent", schema: webhookResendSchema },
  },
} as const satisfies Record<string, Endpoint>;
