import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultMigrationsDir } from "./project-root";
import { sql } from "./sql";
import type { Database } from "./types";

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  script: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

const fileNamePattern = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Any constant works; it only has to be the same for every process that migrates. */
const migrationLockKey = 4_711_080_215;

export function readMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  const files = readdirSync(dir).filter((name) => name.endsWith(".sql")).sort();
  const seen = new Map<number, string>();
  return files.map((name) => {
    const match = fileNamePattern.exec(name);
    if (!match) {
      throw new MigrationError(`Migration file "${name}" must be named NNNN_lower_snake_case.sql`);
    }
    const version = Number(match[1]);
    const clash = seen.get(version);
    if (clash) throw new MigrationError(`Migrations "${clash}" and "${name}" share version ${version}`);
    seen.set(version, name);
    const script = readFileSync(join(dir, name), "utf8");
    const checksum = createHash("sha256").update(script).digest("hex");
    return { version, name, checksum, script };
  });
}

interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

function findPending(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile | undefined {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const record of applied) {
    const file = byVersion.get(record.version);
    if (!file) {
      throw new MigrationError(
        `The database has migration ${record.name}, which this code does not have; deploy the newer code or restore the file`,
      );
    }
    if (file.checksum !== record.checksum) {
      throw new MigrationError(
        `Migration ${file.name} was edited after it was applied (checksum differs); migrations are forward-only, add a new one instead`,
      );
    }
  }
  const done = new Set(applied.map((record) => record.version));
  return files.find((file) => !done.has(file.version));
}

/**
 * Apply pending migrations in order, each in its own transaction together with its
 * record. Every transaction first takes a transaction-scoped advisory lock and
 * re-reads what is applied, so processes starting at once queue up instead of both
 * applying the same file.
 */
export async function migrate(db: Database, dir = defaultMigrationsDir()): Promise<string[]> {
  const files = readMigrations(dir);
  const appliedNow: string[] = [];
  for (;;) {
    const next = await db.transaction(async (tx) => {
      await tx.query(sql`select pg_advisory_xact_lock(${migrationLockKey})`);
      await tx.exec(`
        create table if not exists schema_migrations (
          version integer primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`);
      const applied = await tx.query<AppliedMigration>(
        sql`select version, name, checksum from schema_migrations order by version`,
      );
      const pending = findPending(files, applied);
      if (!pending) return undefined;
      try {
        await tx.exec(pending.script);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${pending.name} failed and was rolled back: ${reason}`);
      }
      await tx.query(sql`
        insert into schema_migrations (version, name, checksum)
        values (${pending.version}, ${pending.name}, ${pending.checksum})`);
      return pending.name;
    });
    if (!next) return appliedNow;
    appliedNow.push(next);
  }
}
