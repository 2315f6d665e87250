import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifier, sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { contractWorld } from "~/testing/api-contract";
import { operations } from "~/testing/api-document";
import { cases } from "./contract-cases";

/**
 * The cross-tenant walk over every operation of the document: company B's own
 * contract cases build its rows, then company A's owner, with every scope, calls each
 * operation with B's ids and B's bodies. Whatever A's token does, B's rows stay as
 * they were, an id of B's is a 404, and no list or answer of A's names a row of B's.
 */

let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

// Rows that background jobs write after a change has committed (deliveries,
// notifications, mail) may still arrive while the walk runs; they are not A's doing.
const writtenLater = new Set([
  "outbox", "account_outbox", "in_process_jobs", "notifications", "dev_mailbox", "reminders_sent", "report_schedule_runs", "audit_exports",
  "webhook_events", "webhook_deliveries", "webhook_attempts",
]);

async function tenantTables(): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.column_name = 'company_id'
    order by c.table_name`);
  return rows.map((row) => row.table_name).filter((table) => !writtenLater.has(table));
}

/** Every row of the company's, as text, table by table: equal snapshots mean nothing of theirs changed. */
async function snapshot(tables: string[], companyId: string): Promise<Record<string, string>> {
  const entries = await Promise.all(
    tables.map(async (table) => {
      const [row] = await db.query<{ rows: string | null }>(sql`
        select string_agg(t::text, E'\n' order by t::text) as rows from ${identifier(table)} t where company_id = ${companyId}`);
      return [table, row?.rows ?? ""] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Every id of the company's rows, and of its people. */
async function idsOf(tables: string[], companyId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const table of tables) {
    const [hasId] = await db.query<{ found: boolean }>(sql`
      select exists (select 1 from information_schema.columns where table_schema = 'public' and table_name = ${table} and column_name = 'id') as found`);
    if (!hasId?.found) continue;
    const rows = await db.query<{ id: string }>(sql`select id::text as id from ${identifier(table)} where company_id = ${companyId}`);
    for (const { id } of rows) ids.add(id);
  }
  const people = await db.query<{ user_id: string }>(sql`select user_id::text as user_id from memberships where company_id = ${companyId}`);
  for (const { user_id } of people) ids.add(user_id);
  return ids;
}

describe("a token of one company with another company's ids", () => {
  it("finds nothing and changes nothing, on every operation of the document", async () => {
    const a = await contractWorld(db, context);
    const b = await contractWorld(db, context);
    const tables = await tenantTables();

    // B's rows, made by every operation's own cases as B's owner.
    const calls = [];
    for (const { path, method, operation } of operations) {
      const [success] = await cases[operation.operationId]!(b);
      calls.push({ path, method, operationId: operation.operationId, call: success! });
    }
    const before = await snapshot(tables, b.owner.companyId);
    const foreignIds = await idsOf(tables, b.owner.companyId);

    const leaks: string[] = [];
    for (const { path, method, operationId, call } of calls) {
      const response = await a.call(call.method ?? method, call.path, { body: call.body, headers: call.headers });
      const text = await response.text();
      if (path.includes("{") && response.status !== 404) leaks.push(`${operationId} with B's ids answered ${response.status}`);
      // An id the request itself carried may be echoed back (a field error naming it); any other is a leak.
      const sent = `${call.path} ${JSON.stringify(call.body ?? null)}`;
      const named = [...foreignIds].filter((id) => text.includes(id) && !sent.includes(id));
      if (named.length > 0) leaks.push(`${operationId} named B's ${named.join(", ")}`);
    }
    expect(leaks).toEqual([]);
    expect(await snapshot(tables, b.owner.companyId)).toEqual(before);
  });
});
