/**
 * Moves committed outbox rows into the job runner, the row's id as the job's id.
 *
 * Lease, enqueue, mark: a relay that dies after enqueueing but before marking
 * leaves rows whose lease lapses; the next relay enqueues them again and the runner
 * drops the duplicates by id. Redis being down fails the enqueue, the rows go back
 * and wait. So work is delayed, never lost, never doubled. The worker processes run
 * the relay (and the web process, in the embedded mode), as many at once as you like.
 */
import type { Database } from "../db/types";
import type { Logger } from "../platform/logger";
import {
  claimPendingOutboxRows,
  markOutboxRowsEnqueued,
  pruneOutboxes,
  releaseOutboxRows,
  type ClaimedOutboxRow,
} from "./outbox-store";
import { definitionOf, retention, type JobCatalog } from "./queues";
import type { JobRequest, JobRunner } from "./runner";
import { throttled } from "./runners/throttled";
import { createWakeup } from "./runners/wakeup";

export interface OutboxRelayOptions<C extends JobCatalog> {
  db: Database;
  runner: JobRunner<C>;
  logger: Logger;
  /** Rows per outbox per round. */
  batchSize?: number;
  leaseSeconds?: number;
  /** An enqueue that takes longer (Redis unreachable) gives up and the rows wait for the next round. */
  enqueueTimeoutMs?: number;
  /** Pause between rounds that found nothing to do. */
  intervalMs?: number;
}

function settingsOf(options: Omit<OutboxRelayOptions<JobCatalog>, "runner">) {
  return {
    batchSize: options.batchSize ?? 500,
    leaseSeconds: options.leaseSeconds ?? 60,
    enqueueTimeoutMs: options.enqueueTimeoutMs ?? 10_000,
    intervalMs: options.intervalMs ?? 1_000,
  };
}
const maxPauseMs = 30_000;
const pruneIntervalMs = 60 * 60_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => undefined); // still settles after a timeout; nobody is waiting then
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A job whose payload is the outbox reference (an email: its content must stay in
 * Postgres) gets the row's id; any other job (queueJob) carries the ids it stored.
 */
function jobPayloadOf(catalog: JobCatalog, row: ClaimedOutboxRow): unknown {
  const reference = { outboxId: row.id, companyId: row.companyId };
  return definitionOf(catalog, row.job).payload.safeParse(reference).success ? reference : row.payload;
}

/** One round: returns how many rows were handed to the runner. */
export async function relayOutbox<C extends JobCatalog>(options: OutboxRelayOptions<C>): Promise<number> {
  const { db, runner, logger } = options;
  const { batchSize, leaseSeconds, enqueueTimeoutMs } = settingsOf(options);
  const claimed = await claimPendingOutboxRows(db, { limit: batchSize, leaseSeconds });
  if (claimed.length === 0) return 0;

  // A row for a job this code doesn't know (written by a newer release during a
  // rolling deploy) keeps its lease and goes to a relay that knows it.
  const known: ClaimedOutboxRow[] = [];
  for (const row of claimed) {
    if (Object.hasOwn(runner.catalog, row.job)) known.push(row);
    else logger.warn({ outboxId: row.id, job: row.job }, "Outbox row for an unknown job; leaving it for newer code");
  }
  if (known.length === 0) return 0;

  const requests = known.map(
    (row) => ({ name: row.job, payload: jobPayloadOf(runner.catalog, row), jobId: row.id }) as JobRequest<C>,
  );
  try {
    await withTimeout(runner.enqueueMany(requests), enqueueTimeoutMs, `enqueueing took over ${enqueueTimeoutMs} ms`);
  } catch (error) {
    await releaseOutboxRows(db, known).catch(() => undefined);
    throw error;
  }
  await markOutboxRowsEnqueued(db, known);
  return known.length;
}

export interface OutboxRelay {
  /** Run a round now (after a write the caller knows of) instead of at the next interval. */
  nudge(): void;
  /** Finish the round in progress and stop. */
  stop(): Promise<void>;
}

export function startOutboxRelay<C extends JobCatalog>(options: OutboxRelayOptions<C>): OutboxRelay {
  const { db, logger } = options;
  const { batchSize, intervalMs } = settingsOf(options);
  const wakeup = createWakeup();
  const warn = throttled(
    (error: unknown) => logger.warn({ err: error }, "Outbox relay: rows stay pending until the job runner accepts them"),
    30_000,
  );
  let stopped = false;
  let failures = 0;
  let lastPrune = 0;

  const loop = (async () => {
    while (!stopped) {
      let relayed = 0;
      try {
        relayed = await relayOutbox(options);
        if (failures > 0) logger.info({ afterFailures: failures }, "Outbox relay is delivering again");
        failures = 0;
        if (Date.now() - lastPrune > pruneIntervalMs) {
          lastPrune = Date.now();
          await pruneOutboxes(db, {
            processedSeconds: retention.completedSeconds,
            enqueuedSeconds: retention.failedSeconds,
          });
        }
      } catch (error) {
        failures += 1;
        warn(error);
      }
      if (stopped) break;
      // A full batch means more are waiting: go again at once.
      if (relayed >= batchSize) continue;
      await wakeup.wait(failures > 0 ? Math.min(intervalMs * 2 ** failures, maxPauseMs) : intervalMs);
    }
  })();

  return {
    nudge: () => wakeup.wake(),
    async stop() {
      stopped = true;
      wakeup.wake();
      await loop;
    },
  };
}
