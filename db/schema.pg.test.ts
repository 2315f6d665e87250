import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dumpMigratedSchema, schemaSnapshotPath } from "./schema-snapshot";

/** Where two dumps part, so the failure says what changed without a 5,000-line diff. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split("\n");
  const b = fresh.split("\n");
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? "(end of file)")}, migrations give ${JSON.stringify(b[at] ?? "(end of file)")}`;
}

describe("db/schema.sql", () => {
  it("is what the migrations produce", async () => {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) throw new Error("*.pg.test.ts files run only with DATABASE_URL set");
    // Its own scratch database, migrated from nothing, as npm run db:schema does: the
    // run's template database would do too, but then a snapshot could pass here and
    // differ from what the script writes.
    const fresh = await dumpMigratedSchema(serverUrl);
    const committed = readFileSync(schemaSnapshotPath(), "utf8");
    if (fresh !== committed) {
      expect.fail(`db/schema.sql is stale: run npm run db:schema (first difference at ${firstDifference(committed, fresh)})`);
    }
  });
});
