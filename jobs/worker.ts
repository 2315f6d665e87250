/**
 * npm run worker: the background worker process (Fly's `worker` process group).
 *
 * Takes jobs from every BullMQ queue, WORKER_CONCURRENCY at a time per queue,
 * and relays the outbox into them. Run as many as the load needs; they share the
 * work through Redis and Postgres. On SIGTERM it stops taking jobs, lets running
 * ones finish (up to SHUTDOWN_TIMEOUT_SECONDS; BullMQ hands jobs cut off after that
 * to another worker as stalled) and exits.
 *
 * Built to build/server/worker.js by scripts/build-server.mjs.
 */
import { migrate } from "../db/migrate";
import { assertSystemRoleBypassesRls } from "../db/system-role";
import { loadConfigOrExit } from "../platform/config";
import { connectDependencies } from "../server/dependencies";
import { startTracing } from "../server/tracing";
import { createLogger } from "../platform/logger";
import { startMetricsServer } from "./metrics";
import { startProductJobs } from "./product-jobs";
import { queueNames } from "./queues";

const config = loadConfigOrExit();
const logger = createLogger(config).child({ process: "worker" });

async function start(): Promise<void> {
  if (!config.REDIS_URL || !config.DATABASE_URL) {
    throw new Error(
      "The worker needs REDIS_URL and DATABASE_URL. Without Redis, the web process runs jobs itself (npm start); " +
        "the embedded database can't be shared with a second process.",
    );
  }
  const tracing = await startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: "hourbook-worker", logger });
  const db = await connectDependencies(config, logger);
  await assertSystemRoleBypassesRls(db);
  // Normally a no-op (the release command migrated); saves a confusing start in development.
  await migrate(db);
  const jobs = await startProductJobs({ config, db, logger }, { runJobs: true });
  const metrics = config.METRICS_PORT
    ? startMetricsServer({ port: config.METRICS_PORT, host: config.HOST, logger })
    : undefined;
  logger.info({ queues: queueNames, concurrency: config.WORKER_CONCURRENCY, database: db.location }, "Worker started");

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "Worker stopping: taking no new jobs, finishing the running ones");
    const deadline = setTimeout(() => {
      logger.error(`Jobs still running after ${config.SHUTDOWN_TIMEOUT_SECONDS} s; exiting (they will run again elsewhere)`);
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    deadline.unref();
    jobs
      .stop()
      .then(() => db.close())
      .then(() => tracing?.shutdown())
      .then(() => {
        metrics?.close();
        logger.info("Worker stopped");
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, "Error while stopping the worker");
        process.exit(1);
      });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

start().catch((error: unknown) => {
  logger.fatal(error instanceof Error ? error.message : String(error));
  // Give the log transport a moment to flush before exiting.
  setTimeout(() => process.exit(1), 100);
});
