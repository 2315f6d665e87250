import { sql } from "./sql";
import type { Queryable } from "./types";

/**
 * Walks a company's audit chain in order, recomputing each entry's hash in the
 * database (the same audit_entry_digest() the insert trigger used) and checking it
 * links to the entry before. Reads a batch at a time, so a long log costs time, not
 * memory. Runs on the owner connection: verifying is an operator's job.
 */

export type ChainReport =
  | { ok: true; entries: number; firstSeq: number | null; lastSeq: number | null }
  | { ok: false; entries: number; seq: number; problem: string };

interface CheckedRow {
  seq: number;
  prev_hash: string;
  hash: string;
  recomputed: string;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

const genesis = "0".repeat(64);
const batchSize = 5_000;

/** Where the kept part of the chain must start: seq 1, or where the latest prune said. */
async function expectedStart(db: Queryable, companyId: string): Promise<{ seq: number; prevHash: string }> {
  const [prune] = await db.query<{ seq: string | number; prev_hash: string }>(sql`
    select changes -> 'kept_from_seq' ->> 'new' as seq, changes -> 'kept_from_prev_hash' ->> 'new' as prev_hash
      from audit_entries where company_id = ${companyId} and action = 'audit.prune'
     order by seq desc limit 1`);
  return prune ? { seq: Number(prune.seq), prevHash: prune.prev_hash } : { seq: 1, prevHash: genesis };
}

export async function verifyAuditChain(db: Queryable, companyId: string): Promise<ChainReport> {
  const start = await expectedStart(db, companyId);
  let expected = start;
  let entries = 0;
  let firstSeq: number | null = null;
  for (;;) {
    const rows = await db.query<CheckedRow>(sql`
      select e.seq, e.prev_hash, e.hash, audit_entry_digest(e) as recomputed, e.action, e.changes
        from audit_entries e
       where e.company_id = ${companyId} and e.seq >= ${expected.seq}
       order by e.seq
       limit ${batchSize}`);
    for (const row of rows) {
      firstSeq ??= row.seq;
      if (row.seq !== expected.seq) {
        return { ok: false, entries, seq: expected.seq, problem: `entry ${expected.seq} is missing (next is ${row.seq})` };
      }
      if (row.prev_hash !== expected.prevHash) {
        return { ok: false, entries, seq: row.seq, problem: `entry ${row.seq} does not link to the entry before it` };
      }
      if (row.hash !== row.recomputed) {
        return { ok: false, entries, seq: row.seq, problem: `entry ${row.seq} was altered (its content no longer matches its hash)` };
      }
      entries += 1;
      expected = { seq: row.seq + 1, prevHash: row.hash };
    }
    if (rows.length < batchSize) break;
  }
  if (entries === 0 && start.seq !== 1) {
    return { ok: false, entries, seq: start.seq, problem: `entry ${start.seq}, the first kept after pruning, is missing` };
  }
  return { ok: true, entries, firstSeq, lastSeq: entries ? expected.seq - 1 : null };
}

export function describeChainReport(company: string, report: ChainReport): string {
  if (report.ok) {
    const range = report.entries ? ` (seq ${report.firstSeq}–${report.lastSeq})` : "";
    return `OK: ${company}: ${report.entries} audit entries, chain intact${range}`;
  }
  return `BROKEN: ${company}: ${report.problem}; ${report.entries} entries before it verified`;
}
