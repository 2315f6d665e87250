import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readMigrations } from "../db/migrate";
import { sql } from "../db/sql";
import type { Database } from "../db/types";

/** What `scripts/build-server.mjs` writes beside the bundle: which source it was built from, and when. */
export interface BuildInfo {
  commit: string;
  builtAt: string | null;
}

export interface VersionReport extends BuildInfo {
  migrations: { applied: string | null; latestKnown: string | null };
}

export function readBuildInfo(root: string): BuildInfo {
  const path = join(root, "build", "version.json");
  // Only a run from sources without `npm run build` lacks it.
  if (!existsSync(path)) return { commit: "unknown", builtAt: null };
  return JSON.parse(readFileSync(path, "utf8")) as BuildInfo;
}

/**
 * GET /version's answer: the build, the newest migration applied to the database and
 * the newest this build carries. Different values mean a deploy half done (the release
 * command didn't run) or code older than the schema.
 */
export function versionReporter(db: Database, build: BuildInfo): () => Promise<VersionReport> {
  const files = readMigrations();
  const latestKnown = files.at(-1)?.name ?? null;
  return async () => {
    const [row] = await db.query<{ name: string }>(sql`select name from schema_migrations order by version desc limit 1`);
    return { ...build, migrations: { applied: row?.name ?? null, latestKnown } };
  };
}
