import { z } from "zod";
import { webhookEventTypes } from "../../../jobs/webhook-events";
import { text } from "../fields";

const chooseEvents = "Choose at least one event";

const url = text({ error: "Enter the endpoint's URL" }).trim().min(1, "Enter the endpoint's URL").max(2000, "Keep the URL under 2,000 characters");
const description = text().trim().max(500, "Keep the description under 500 characters");
const eventTypes = z
  .array(z.enum(webhookEventTypes, { error: "Choose events from the list" }), { error: chooseEvents })
  .min(1, chooseEvents)
  .transform((types) => [...new Set(types)]);

export const createEndpointInput = z.object({ url, description: description.default(""), eventTypes });

const endpointId = z.uuid({ error: "Choose an endpoint" });

export const updateEndpointInput = z.object({
  endpointId,
  url: url.optional(),
  description: description.optional(),
  eventTypes: eventTypes.optional(),
  /** Turning an endpoint back on after it was disabled sends what waited meanwhile. */
  enabled: z.boolean({ error: "Use true or false" }).optional(),
});

export const endpointInput = z.object({ endpointId });

/** The old secret keeps signing for this long, so receivers can switch without missing a delivery. */
export const rotateSecretInput = z.object({
  endpointId,
  overlapHours: z.coerce
    .number({ error: "Enter hours from 0 to 168" })
    .int("Enter whole hours")
    .min(0, "Enter hours from 0 to 168")
    .max(168, "Enter hours from 0 to 168")
    .default(24),
});

export const resendDeliveryInput = z.object({ endpointId, deliveryId: z.uuid({ error: "Choose a delivery" }) });
