/**
 * npm run db:migrate | db:seed | db:reset | db:backup -- <file> | db:restore -- <file>
 * Built to build/server/db-cli.js for production (the Fly release command migrates).
 */
import { loadConfigOrExit, type Config } from "../platform/config";
import { backupEmbedded, restoreEmbedded } from "./backup";
import { openDatabase } from "./connect";
import { migrate } from "./migrate";
import { dropSchema } from "./reset";
import { seedDemoData } from "./seed";
import type { Database } from "./types";

const commands: Record<string, (db: Database, nodeEnv: string) => Promise<string>> = {
  async migrate(db) {
    const applied = await migrate(db);
    return applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date";
  },
  async seed(db) {
    await migrate(db);
    return (await seedDemoData(db)) ? "Seeded the demo companies" : "Companies exist already; seed skipped";
  },
  async reset(db, nodeEnv) {
    if (nodeEnv === "production") {
      throw new Error("db:reset refuses to run with NODE_ENV=production");
    }
    await dropSchema(db);
    const applied = await migrate(db);
    await seedDemoData(db);
    return `Reset: applied ${applied.length} migrations and seeded the demo companies`;
  },
};

/** The embedded database's backups; the server's are pg_dump's (README, "Backups"). */
const fileCommands: Record<string, (config: Config, file: string) => Promise<string>> = {
  async backup(config, file) {
    const { bytes } = await backupEmbedded(config.DATA_DIR, file);
    return `Backed up the embedded database to ${file} (${bytes} bytes)`;
  },
  async restore(config, file) {
    const { keptAs } = await restoreEmbedded(config.DATA_DIR, file);
    return `Restored the embedded database from ${file}${keptAs ? `; the one it replaced is kept at ${keptAs}` : ""}`;
  },
};

async function runFileCommand(name: string, file: string | undefined): Promise<void> {
  if (!file) {
    console.error(`Usage: db/cli.ts ${name} <file>   (stop the server first)`);
    process.exit(2);
  }
  const config = loadConfigOrExit();
  if (config.DATABASE_URL) {
    throw new Error(`db:${name} is for the embedded database; with DATABASE_URL use pg_dump and pg_restore (README, "Backups")`);
  }
  console.log(await fileCommands[name]!(config, file));
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? "";
  if (name in fileCommands) return runFileCommand(name, process.argv[3]);
  const command = commands[name];
  if (!command) {
    console.error(`Usage: db/cli.ts <${[...Object.keys(commands), ...Object.keys(fileCommands)].join("|")}>`);
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const db = await openDatabase(config);
  try {
    console.log(`${await command(db, config.NODE_ENV)} (${db.location})`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
