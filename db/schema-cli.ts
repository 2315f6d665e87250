/**
 * npm run db:schema — rewrite db/schema.sql from the migrations, on a scratch
 * database of the Postgres server DATABASE_URL names (the database it names is
 * left alone).
 */
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { dumpMigratedSchema, schemaSnapshotPath } from "./schema-snapshot";

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error(
      "db:schema needs DATABASE_URL to name a Postgres server (e.g. postgres://postgres@127.0.0.1:5432/postgres); it migrates and dumps a scratch database there",
    );
    process.exit(2);
  }
  const path = schemaSnapshotPath();
  writeFileSync(path, await dumpMigratedSchema(serverUrl));
  console.log(`Wrote ${relative(process.cwd(), path)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
