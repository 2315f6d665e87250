import { z } from "zod";
import { webhookEventTypes } from "../../../jobs/webhook-events";
import { pageSchema, timestamp } from "../schemas";

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.enum(webhookEventTypes)),
    enabled: z.boolean(),
    disabledAt: timestamp.nullable(),
    disabledReason: z.string().nullable(),
    failingSince: timestamp.nullable().meta({ description: "The first failure since the last success; after 3 days the endpoint is turned off" }),
    previousSecretExpiresAt: timestamp.nullable().meta({ description: "While set, deliveries are signed with the previous secret as well" }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint", description: "Where the company's events go; never its secret" });

export const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointSchema) }).meta({ id: "WebhookEndpointList" });

export const webhookEndpointWithSecretSchema = z
  .object({
    endpoint: webhookEndpointSchema,
    secret: z.string().regex(/^whsec_/).meta({ description: "The signing secret, shown this once (Standard Webhooks' whsec_ format)" }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const webhookAttemptSchema = z
  .object({
    attempt: z.int().min(1),
    startedAt: timestamp,
    durationMs: z.int().min(0),
    requestHeaders: z.record(z.string(), z.string()),
    responseStatus: z.int().nullable(),
    responseBody: z.string().nullable().meta({ description: "The first KB of the answer" }),
    error: z.string().nullable(),
  })
  .meta({ id: "WebhookAttempt" });

export const webhookDeliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    eventId: z.uuid().meta({ description: "Also the webhook-id header: the same on every attempt and resend" }),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.int().min(0),
    nextAttemptAt: timestamp.nullable(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
    payload: z.record(z.string(), z.unknown()).meta({ description: "The body sent" }),
    log: z.array(webhookAttemptSchema),
  })
  .meta({ id: "WebhookDelivery" });

export const webhookDeliveryPageSchema = pageSchema(webhookDeliverySchema, "WebhookDeliveryPage");

export const webhookTestSchema = z.object({ eventId: z.uuid() }).meta({ id: "WebhookTestEvent" });
export const webhookResendSchema = z.object({ deliveryId: z.uuid() }).meta({ id: "WebhookResend" });
