import type { Database } from "../../db/types";
import type { Config } from "../../platform/config";
import type { Logger } from "../../platform/logger";
import { jobs, type ProductJobs } from "../queues";
import type { JobRunner } from "../runner";
import { createBullmqRunner } from "./bullmq";
import { createInProcessRunner } from "./in-process";

/** BullMQ when REDIS_URL is set; otherwise the in-process runner on the app's own database. */
export function createJobRunner(options: {
  config: Pick<Config, "REDIS_URL" | "QUEUE_PREFIX">;
  db: Database;
  logger: Logger;
}): JobRunner<ProductJobs> {
  const { config, db, logger } = options;
  return config.REDIS_URL
    ? createBullmqRunner({ catalog: jobs, redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger })
    : createInProcessRunner({ catalog: jobs, db, logger });
}
