import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { deleteExpiredIdempotencyKeys } from "../../app/kernel/api-tokens/idempotency-keys.server";
import type { Processor } from "../runner";

/**
 * expire-idempotency-keys: delete the API's idempotency keys past their 24 hours.
 * An expired key already counts as unused (claimIdempotencyKey), so this only keeps
 * the table small. On the owner connection, across companies; idempotent.
 */
export function createExpireIdempotencyKeysProcessor(deps: { db: Database; logger: Logger }): Processor<Record<string, never>> {
  return async (job) => {
    const removed = await deleteExpiredIdempotencyKeys(deps.db);
    if (removed) deps.logger.info({ jobId: job.id, removed }, "Expired idempotency keys removed");
  };
}
