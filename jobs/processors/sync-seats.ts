import Stripe from "stripe";
import { syncSeats, type SeatSyncDeps } from "../../app/billing/seat-sync.server";
import type { Logger } from "../../platform/logger";
import type { SeatSyncJobPayload } from "../queues";
import { UnrecoverableError, type Processor } from "../runner";

export type SyncSeatsDependencies = SeatSyncDeps & { logger: Logger };

/**
 * sync-seats: the company's Stripe subscription quantity := its active members now.
 * The job's id is the outbox row's id (the relay enqueues it so), and it is Stripe's
 * idempotency key: every attempt of one job sends the same key, so a retry after
 * a lost answer can't apply twice. Network errors and Stripe's 5xx fail the attempt
 * and the runner retries with backoff; a request Stripe refuses as invalid (the
 * subscription deleted there) won't succeed later and goes to the failed jobs at once.
 */
export function createSyncSeatsProcessor(deps: SyncSeatsDependencies): Processor<SeatSyncJobPayload> {
  return async (job) => {
    const { companyId } = job.data;
    try {
      const outcome = await syncSeats(deps, { companyId, outboxId: job.id });
      if (outcome.changed) deps.logger.info({ jobId: job.id, companyId, from: outcome.from, to: outcome.to }, "Seats synced to Stripe");
      else deps.logger.info({ jobId: job.id, companyId, note: outcome.note }, "Seat sync changed nothing");
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
