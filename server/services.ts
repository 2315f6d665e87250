import { bindWithTenant, type WithTenant } from "../db/tenant";
import type { Database } from "../db/types";
import type { Config } from "./config";
import type { Logger } from "./logger";

/**
 * Everything routes may use, created once per process and handed to every loader
 * and action through the load context. Nothing here exposes a raw connection.
 */
export interface AppServices {
  config: Pick<Config, "NODE_ENV" | "APP_URL">;
  withTenant: WithTenant;
}

export interface ServiceDependencies {
  config: Config;
  db: Database;
  logger: Logger;
}

export interface RunningServices {
  services: AppServices;
  /** Stop background work and release connections, in reverse order of start. */
  close(): Promise<void>;
}

export async function createServices({ config, db }: ServiceDependencies): Promise<RunningServices> {
  const services: AppServices = {
    config: { NODE_ENV: config.NODE_ENV, APP_URL: config.APP_URL },
    withTenant: bindWithTenant(db),
  };
  return {
    services,
    async close() {},
  };
}
