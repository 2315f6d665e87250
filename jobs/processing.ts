import type { Database } from "../db/types";
import type { Logger } from "../platform/logger";
import { startOutboxRelay, type OutboxRelayOptions } from "./outbox-relay";
import type { JobCatalog } from "./queues";
import type { JobRunner, Processors, WorkOptions } from "./runner";
import { upsertSchedules, type ScheduledJob } from "./schedules";

export interface JobProcessing {
  /** Stop relaying, stop taking jobs, let the running ones finish, release the runner. */
  stop(): Promise<void>;
}

/**
 * Everything a process does to get background work done: the runner takes jobs
 * of every queue and the outbox relay feeds it. The worker process calls this; so
 * does the web process when there is no Redis (the embedded default).
 */
export async function startJobProcessing<C extends JobCatalog>(options: {
  db: Database;
  runner: JobRunner<C>;
  processors: Processors<C>;
  logger: Logger;
  /** Jobs at once, per queue, in this process (WORKER_CONCURRENCY), and queues that differ (queueConcurrency). */
  concurrency: number;
  concurrencyByQueue?: WorkOptions["concurrencyByQueue"];
  /** Repeating jobs to create or update (productSchedules in the product). */
  schedules?: readonly ScheduledJob<C>[];
  relay?: Omit<OutboxRelayOptions<C>, "db" | "runner" | "logger">;
}): Promise<JobProcessing> {
  const { db, runner, processors, logger, concurrency, concurrencyByQueue } = options;
  await upsertSchedules(runner, options.schedules ?? []);
  runner.work(processors, { concurrency, concurrencyByQueue });
  const relay = startOutboxRelay({ db, runner, logger, ...options.relay });
  return {
    async stop() {
      await relay.stop();
      await runner.close();
    },
  };
}
