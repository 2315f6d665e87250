/**
 * npm run db:migrate | db:seed | db:reset
 * Built to build/server/db-cli.js for production (the Fly release command migrates).
 */
import { loadConfigOrExit } from "../platform/config";
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

async function main(): Promise<void> {
  const name = process.argv[2] ?? "";
  const command = commands[name];
  if (!command) {
    console.error(`Usage: db/cli.ts <${Object.keys(commands).join("|")}>`);
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
