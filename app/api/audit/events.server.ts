import { z } from "zod";
import { listAuditEntries, type AuditEntry, type AuditFilter } from "~/audit/audit.server";
import { invalidFields } from "~/routing/api.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { auditEventSchema } from "./schemas";

/** An audit entry as the API shows it, in the list and in the export alike. */
export function auditEventJson(entry: AuditEntry): z.output<typeof auditEventSchema> {
  return {
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actorKind: entry.actorKind,
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: entry.changes,
    ip: entry.ip,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
  };
}

/**
 * The log's cursor is the last event's seq: the log only grows at its head, so
 * paging down from a seq neither repeats nor skips an event whatever is written meanwhile.
 */
const cursorSchema = z.object({ s: z.int().min(1) });

export function encodeAuditCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString("base64url");
}

/** The seq to page down from, or a 400 when the cursor isn't one we gave out. */
export function auditCursorOf(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // Not ours: refused below.
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw invalidFields([{ field: "cursor", message: "Pass back a cursor exactly as a previous page gave it" }]);
  return parsed.data.s;
}

export const auditExportBatchSize = 1_000;

/**
 * Every matching event as NDJSON, newest first, a batch per chunk, read as the audit
 * export job reads the log: keyset batches on seq, so one batch is in memory at a
 * time. Walking down from the head seen by the first batch, events written while
 * the export runs are never in it.
 */
export async function* auditEventLines(
  tx: TenantTransaction,
  filter: AuditFilter,
  batchSize = auditExportBatchSize,
): AsyncGenerator<string, void> {
  let before: number | undefined;
  for (;;) {
    const batch = await listAuditEntries(tx, filter, { before, limit: batchSize });
    if (batch.length > 0) yield batch.map((entry) => `${JSON.stringify(auditEventJson(entry))}\n`).join("");
    if (batch.length < batchSize) return;
    before = batch.at(-1)!.seq;
  }
}
