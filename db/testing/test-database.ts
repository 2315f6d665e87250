import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openPGlite } from "../pglite";
import { openPostgres } from "../postgres";
import type { Database } from "../types";
import { adminConnection, databaseUrlFor } from "./postgres-admin";

export type TestDatabase = Database;

/**
 * A fresh, migrated database of the backend under test: a PGlite instance loaded
 * from the run's template dump, or a Postgres database cloned from the template
 * database. Closing it drops the Postgres copy.
 */
export async function createTestDatabase(
  options: { migrated?: boolean; poolMax?: number } = {},
): Promise<TestDatabase> {
  const template = inject("testTemplate");
  const migrated = options.migrated ?? true;
  if (template.backend === "pglite") {
    if (!migrated) return openPGlite();
    const dump = new Blob([readFileSync(template.dumpPath)]);
    return openPGlite({ loadDataDir: dump });
  }

  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL vanished during the test run");
  const name = `hourbook_test_${randomUUID().replaceAll("-", "")}`;
  const admin = adminConnection(serverUrl);
  try {
    await admin.unsafe(
      migrated ? `create database "${name}" template "${template.database}"` : `create database "${name}"`,
    );
  } finally {
    await admin.end();
  }
  const db = openPostgres({
    url: databaseUrlFor(serverUrl, name),
    poolMax: options.poolMax ?? 10,
    connectTimeoutSeconds: 5,
  });
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = adminConnection(serverUrl);
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
