import type { Logger } from "../../platform/logger";
import type { WebhookEndpointJobPayload } from "../queues";
import type { Processor } from "../runner";
import { drainEndpoint, type DeliveryDependencies } from "../webhooks/deliveries";

/**
 * deliver-webhooks: send an endpoint's due deliveries in order (jobs/webhooks/deliveries.ts).
 * A failed delivery is not a failed job: it waits in its row for its next attempt,
 * which retry-webhook-deliveries picks up, so a receiver that is down for a day
 * fills neither the runner's retries nor the failed-jobs page.
 */
export function createDeliverWebhooksProcessor(deps: DeliveryDependencies & { logger: Logger }): Processor<WebhookEndpointJobPayload> {
  return async (job) => {
    const { companyId, endpointId } = job.data;
    const sent = await drainEndpoint(deps, companyId, endpointId);
    if (sent) deps.logger.debug({ jobId: job.id, companyId, endpointId, sent }, "Webhook deliveries sent");
  };
}
