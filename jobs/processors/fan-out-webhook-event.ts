import { systemActor } from "../../db/audit-context";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import type { WebhookEventJobPayload } from "../queues";
import type { Processor } from "../runner";
import { fanOutEvent } from "../webhooks/deliveries";
import { actForCompany } from "./company-sweep";

const actor = systemActor("fan-out-webhook-event", "Webhook events");

/**
 * fan-out-webhook-event: one delivery of the event per endpoint that asked for its
 * type, and a deliver-webhooks job for each, in one transaction. Idempotent: a
 * delivery already made for the pair is kept as it is.
 */
export function createFanOutWebhookEventProcessor(deps: { db: Database; logger: Logger }): Processor<WebhookEventJobPayload> {
  return async (job) => {
    const { companyId, eventId } = job.data;
    await actForCompany(deps.db, companyId, actor, (tx) => fanOutEvent(tx, eventId));
  };
}
