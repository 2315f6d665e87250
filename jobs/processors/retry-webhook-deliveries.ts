import { sql } from "../../db/sql";
import type { Logger } from "../../platform/logger";
import type { Processor } from "../runner";
import { drainEndpoint, type DeliveryDependencies } from "../webhooks/deliveries";
import { sweepCompanies } from "./company-sweep";

/**
 * retry-webhook-deliveries: every minute, drain each live endpoint with a delivery
 * whose next attempt is due (a retry after a failure, or one whose job was lost).
 * Reads across companies on the owner connection; each endpoint is then worked as
 * its company, one at a time so that a slow receiver delays only this sweep.
 */
export function createRetryWebhookDeliveriesProcessor(deps: DeliveryDependencies & { logger: Logger }): Processor<Record<string, never>> {
  return async (job) => {
    const now = deps.now?.() ?? new Date();
    const due = await deps.db.query<{ id: string; companyId: string }>(sql`
      select distinct d.endpoint_id as id, d.company_id as "companyId"
        from webhook_deliveries d
        join webhook_endpoints e on e.company_id = d.company_id and e.id = d.endpoint_id
       where d.status = 'pending' and d.next_attempt_at <= ${now} and e.disabled_at is null
       limit 1000`);
    async function* endpoints() {
      yield* due;
    }
    await sweepCompanies(endpoints(), async (endpoint) => {
      await drainEndpoint(deps, endpoint.companyId, endpoint.id);
    }, (endpoint, error) => deps.logger.error({ jobId: job.id, companyId: endpoint.companyId, endpointId: endpoint.id, err: error }, "Webhook retry failed for an endpoint"));
  };
}
