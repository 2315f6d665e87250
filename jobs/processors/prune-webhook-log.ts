import { sql } from "../../db/sql";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import type { Processor } from "../runner";

/** The delivery log is kept this long; events with it. */
export const webhookLogDays = 30;

/**
 * prune-webhook-log: delete events older than 30 days, with their deliveries and
 * attempts (on delete cascade). Retries end after about 3 days, so only deliveries
 * to an endpoint that stayed turned off are still waiting then; they go too.
 * On the owner connection, across companies; idempotent.
 */
export function createPruneWebhookLogProcessor(deps: { db: Database; logger: Logger; now?: () => Date }): Processor<Record<string, never>> {
  return async (job) => {
    const now = deps.now?.() ?? new Date();
    const removed = await deps.db.query(sql`
      delete from webhook_events e
       where e.occurred_at < ${now}::timestamptz - make_interval(days => ${webhookLogDays})
      returning e.id`);
    if (removed.length) deps.logger.info({ jobId: job.id, removed: removed.length }, "Old webhook events and their delivery log removed");
  };
}
