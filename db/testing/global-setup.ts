import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../migrate";
import { openPGlite } from "../pglite";
import { adminConnection, databaseUrlFor } from "./postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: a dump of a migrated data directory. Postgres: a migrated template database. */
    testTemplate: { backend: "pglite"; dumpPath: string } | { backend: "postgres"; database: string };
  }
}

/**
 * Migrate once per run; every test file then starts from a copy of the result,
 * which is far quicker than initdb + migrate per file (see createTestDatabase).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openPGlite();
    await migrate(db);
    const dump = await db.raw.dumpDataDir("none");
    await db.close();
    const dir = mkdtempSync(join(tmpdir(), "hourbook-test-"));
    const dumpPath = join(dir, "template.tar");
    writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
    project.provide("testTemplate", { backend: "pglite", dumpPath });
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const database = `hourbook_template_${process.pid}_${Date.now()}`;
  const admin = adminConnection(serverUrl);
  await admin.unsafe(`create database "${database}"`);
  const { openPostgres } = await import("../postgres");
  const db = openPostgres({ url: databaseUrlFor(serverUrl, database), poolMax: 1, connectTimeoutSeconds: 5 });
  await migrate(db);
  await db.close();
  project.provide("testTemplate", { backend: "postgres", database });
  return async () => {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.end();
  };
}
