import { once } from "node:events";
import type { Writable } from "node:stream";
import { sql, type SqlFragment } from "../../db/sql";
import type { Queryable } from "../../db/types";

/**
 * The audit export's inner loop: a company's entries in a time range, oldest first,
 * read in keyset batches on (company_id, seq) and written as CSV or JSON Lines.
 * Postgres formats each batch into one string (csv_field and json_build_object in
 * SQL), so the application only moves text: one batch is held at a time and writes
 * wait for the output to drain, so memory stays flat however many rows there are.
 * The same SQL runs on PGlite and Postgres.
 */
export type ExportFormat = "csv" | "jsonl";

export const exportColumns = [
  "seq", "occurred_at", "actor_kind", "actor_id", "actor_name", "action", "entity_type", "entity_id",
  "changes", "ip", "user_agent", "request_id", "hash",
] as const;

export interface ExportRange {
  companyId: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  /**
   * The last entry to include: the head of the log when the export started, so
   * entries written while it runs (its own status changes) don't make the file
   * disagree with the count it announced.
   */
  untilSeq?: number;
}

/** Writes wait for the output to drain, so a slow disk or upload doesn't gather the file in memory. */
export async function writeChunk(output: Writable, chunk: string): Promise<void> {
  if (!output.write(chunk)) await once(output, "drain");
}

// Time in UTC ISO 8601 (microseconds, trailing zeros dropped; cheaper than to_char).
const occurredAt = sql`translate((occurred_at at time zone 'UTC')::text, ' ', 'T') || 'Z'`;

const lineOf: Record<ExportFormat, SqlFragment> = {
  // actor_kind, action, entity_type and hash are constrained to characters CSV never quotes.
  csv: sql`concat_ws(',', seq, ${occurredAt}, actor_kind, csv_field(actor_id), csv_field(actor_name), action, entity_type,
            csv_field(entity_id), csv_field(changes::text), csv_field(ip), csv_field(user_agent), csv_field(request_id), hash)`,
  jsonl: sql`json_build_object('seq', seq, 'occurred_at', ${occurredAt}, 'actor_kind', actor_kind, 'actor_id', actor_id,
            'actor_name', actor_name, 'action', action, 'entity_type', entity_type, 'entity_id', entity_id,
            'changes', changes, 'ip', ip, 'user_agent', user_agent, 'request_id', request_id, 'hash', hash)::text`,
};

/** Writes every matching entry to `output`; returns how many. `onBatch` reports progress. */
export async function writeAuditRows(
  db: Queryable,
  range: ExportRange,
  format: ExportFormat,
  output: Writable,
  options: { batchSize?: number; onBatch?: (written: number) => Promise<void> } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  if (format === "csv") await writeChunk(output, `${exportColumns.join(",")}\n`);
  const untilSeq = range.untilSeq ?? Number.MAX_SAFE_INTEGER;

  let after = 0;
  let written = 0;
  for (;;) {
    const [batch] = await db.query<{ rows: number; last: string | null; text: string | null }>(sql`
      select count(*)::int as rows, max(seq)::text as last, string_agg(line, '' order by seq) as text
        from (select seq, ${lineOf[format]} || chr(10) as line
                from audit_entries
               where company_id = ${range.companyId} and seq > ${after} and seq <= ${untilSeq}
                 and occurred_at >= ${range.from} and occurred_at < ${range.to}
               order by seq
               limit ${batchSize}) batch`);
    if (!batch?.text || !batch.last) break;
    await writeChunk(output, batch.text);
    written += batch.rows;
    after = Number(batch.last);
    await options.onBatch?.(written);
    if (batch.rows < batchSize) break;
  }
  return written;
}
