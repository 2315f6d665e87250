import { join } from "node:path";
import type { Config } from "../platform/config";
import { openPGlite } from "./pglite";
import { openPostgres, type PostgresOptions } from "./postgres";
import { sql } from "./sql";
import type { Database } from "./types";

export class DatabaseUnreachableError extends Error {
  constructor(location: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot reach the database at ${location}: ${reason}`);
    this.name = "DatabaseUnreachableError";
  }
}

type DatabaseConfig = Pick<
  Config,
  "DATABASE_URL" | "DATABASE_POOL_MAX" | "DATABASE_CONNECT_TIMEOUT_SECONDS" | "DATA_DIR"
>;

/**
 * The replica's pool, opened lazily: a replica that is away at start-up or later only
 * sends reads back to the primary (db/read-routing.ts), so it never stops a start.
 */
export function openReadReplica(
  config: Pick<Config, "DATABASE_READ_URL" | "DATABASE_POOL_MAX" | "DATABASE_CONNECT_TIMEOUT_SECONDS">,
  hooks: Pick<PostgresOptions, "onTransactionStart"> = {},
): Database | undefined {
  if (!config.DATABASE_READ_URL) return undefined;
  return openPostgres({
    url: config.DATABASE_READ_URL,
    poolMax: config.DATABASE_POOL_MAX,
    connectTimeoutSeconds: config.DATABASE_CONNECT_TIMEOUT_SECONDS,
    ...hooks,
  });
}

/** The postgres.js pool when DATABASE_URL is set, otherwise PGlite persisted under DATA_DIR. */
export async function openDatabase(
  config: DatabaseConfig,
  hooks: Pick<PostgresOptions, "onNotice" | "onTransactionStart"> = {},
): Promise<Database> {
  if (!config.DATABASE_URL) {
    return openPGlite({ dataDir: join(config.DATA_DIR, "pglite") });
  }
  const db = openPostgres({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    connectTimeoutSeconds: config.DATABASE_CONNECT_TIMEOUT_SECONDS,
    ...hooks,
  });
  // postgres.js connects lazily; fail at start-up, not on the first request.
  try {
    await db.query(sql`select 1`);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new DatabaseUnreachableError(db.location, error);
  }
  return db;
}
