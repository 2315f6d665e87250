import { applyStripeEvent, MalformedStripeEventError, type ApplyEventDeps } from "../../app/billing/apply-event.server";
import { claimStripeEvent, finishStripeEvent, recordStripeEventFailure } from "../../app/billing/stripe-events.server";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import type { StripeEventJobPayload } from "../queues";
import { UnrecoverableError, type Processor } from "../runner";

export type ApplyStripeEventDependencies = ApplyEventDeps & { db: Database; logger: Logger };

/**
 * apply-stripe-event: one stored webhook event → the company's subscription, audit
 * log and notifications, in one transaction with marking the event processed. A
 * processed event is skipped, so a repeat run does nothing; an event that changes
 * nothing (another type, no such company, stale) is marked with a note and logged,
 * never retried. Anything else fails the attempt, is noted on the event, and the
 * runner retries it with backoff.
 */
export function createApplyStripeEventProcessor(deps: ApplyStripeEventDependencies): Processor<StripeEventJobPayload> {
  return async (job) => {
    const { eventId } = job.data;
    try {
      const outcome = await deps.db.transaction(async (tx) => {
        const stored = await claimStripeEvent(tx, eventId);
        if (!stored) return { found: false as const };
        if (stored.processedAt) return { found: true as const, note: "already processed" };
        const note = await applyStripeEvent(tx, stored, deps);
        await finishStripeEvent(tx, eventId, note);
        return { found: true as const, type: stored.type, note };
      });
      if (!outcome.found) throw new UnrecoverableError(`Stripe event ${eventId} is not stored`);
      if (outcome.note) deps.logger.info({ jobId: job.id, eventId, note: outcome.note }, "Stripe event changed nothing");
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      await recordStripeEventFailure(deps.db, eventId, message).catch(() => undefined);
      if (error instanceof MalformedStripeEventError) throw new UnrecoverableError(message);
      throw error;
    }
  };
}
