import { once } from "node:events";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { sql } from "../../db/sql";
import type { Queryable } from "../../db/types";

/**
 * The audit export's inner loop: a company's entries in a time range, oldest first,
 * read in keyset batches on (company_id, seq) and written as CSV or JSON Lines.
 * Only one batch is held at a time and writes wait for the output to drain, so
 * memory stays flat however many rows there are.
 */
export type ExportFormat = "csv" | "jsonl";

export const exportColumns = [
  "seq", "occurred_at", "actor_kind", "actor_id", "actor_name", "action", "entity_type", "entity_id",
  "changes", "ip", "user_agent", "request_id", "hash",
] as const;

interface ExportRow {
  seq: number;
  occurred_at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  hash: string;
}

export interface ExportRange {
  companyId: string;
  from: Date;
  /** Exclusive. */
  to: Date;
}

async function write(output: Writable, chunk: string): Promise<void> {
  if (!output.write(chunk)) await once(output, "drain");
}

/** Writes every matching entry to `output`; returns how many. `onBatch` reports progress. */
export async function writeAuditRows(
  db: Queryable,
  range: ExportRange,
  format: ExportFormat,
  output: Writable,
  options: { batchSize?: number; onBatch?: (written: number) => Promise<void> } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  if (format === "csv") await write(output, `${exportColumns.join(",")}\n`);

  let after = 0;
  let written = 0;
  for (;;) {
    // Text straight from Postgres (time in UTC ISO, changes as JSON), so nothing is re-parsed here.
    const rows = await db.query<ExportRow>(sql`
      select seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
             actor_kind, actor_id, actor_name, action, entity_type, entity_id, changes::text as changes,
             ip, user_agent, request_id, hash
        from audit_entries
       where company_id = ${range.companyId} and seq > ${after}
         and occurred_at >= ${range.from} and occurred_at < ${range.to}
       order by seq
       limit ${batchSize}`);
    if (rows.length === 0) break;
    let chunk = "";
    if (format === "csv") {
      // One batch at a time through csv-stringify's synchronous form: quoting done right, memory bounded by the batch.
      chunk = stringify(rows.map((row) => exportColumns.map((column) => row[column])));
    } else {
      for (const row of rows) {
        chunk += `{"seq":${row.seq},"occurred_at":${JSON.stringify(row.occurred_at)},"actor_kind":${JSON.stringify(row.actor_kind)},` +
          `"actor_id":${JSON.stringify(row.actor_id)},"actor_name":${JSON.stringify(row.actor_name)},"action":${JSON.stringify(row.action)},` +
          `"entity_type":${JSON.stringify(row.entity_type)},"entity_id":${JSON.stringify(row.entity_id)},"changes":${row.changes},` +
          `"ip":${JSON.stringify(row.ip)},"user_agent":${JSON.stringify(row.user_agent)},"request_id":${JSON.stringify(row.request_id)},` +
          `"hash":${JSON.stringify(row.hash)}}\n`;
      }
    }
    await write(output, chunk);
    written += rows.length;
    after = rows.at(-1)!.seq;
    await options.onBatch?.(written);
    if (rows.length < batchSize) break;
  }
  return written;
}
