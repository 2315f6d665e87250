import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { openPGlite } from "./pglite";
import { sql } from "./sql";

/**
 * Backups of the embedded database (npm run db:backup / db:restore): PGlite's own
 * data directory dump, a gzipped tar of the whole cluster, so a restore brings back
 * every table, sequence and the audit chain exactly. The server must be stopped
 * first: PGlite serves one process, and a second opening the same folder would
 * corrupt it. A Postgres server is backed up with pg_dump/pg_restore (README).
 */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, "pglite");
}

function hasData(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

export async function backupEmbedded(dataDir: string, file: string): Promise<{ bytes: number }> {
  const dir = embeddedDatabaseDir(dataDir);
  if (!hasData(dir)) throw new Error(`No embedded database at ${dir} to back up`);
  const db = await openPGlite({ dataDir: dir });
  try {
    const dump = await db.raw.dumpDataDir("gzip");
    const bytes = Buffer.from(await dump.arrayBuffer());
    // Written beside the target and renamed, so an interrupted backup never leaves a truncated file under the real name.
    const partial = join(dirname(file), `.${Date.now()}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    return { bytes: bytes.length };
  } finally {
    await db.close();
  }
}

/**
 * Replace the embedded database with a backup. The current one is kept, renamed
 * beside it (`pglite.before-restore-<time>`), so a restore can itself be undone.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ keptAs?: string }> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`No backup file at ${file}`);
  const dir = embeddedDatabaseDir(dataDir);
  let keptAs: string | undefined;
  if (hasData(dir)) {
    keptAs = `${dir}.before-restore-${new Date().toISOString().replaceAll(":", "-")}`;
    renameSync(dir, keptAs);
  }
  try {
    const db = await openPGlite({ dataDir: dir, loadDataDir: new Blob([readFileSync(file)]) });
    try {
      await db.query(sql`select 1 from schema_migrations limit 1`);
    } finally {
      await db.close();
    }
  } catch (error) {
    // A file that isn't a backup must not leave the person without their database.
    if (keptAs) {
      if (existsSync(dir)) renameSync(dir, `${dir}.failed-restore-${Date.now()}`);
      renameSync(keptAs, dir);
    }
    throw new Error(`${file} could not be restored: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { keptAs };
}
