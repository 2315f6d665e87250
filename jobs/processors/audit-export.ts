import { systemActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext, type TenantTransaction } from "../../db/tenant";
import type { Database, Queryable } from "../../db/types";
import type { Logger } from "../../platform/logger";
import {
  exportFileKey,
  failAuditExport,
  finishAuditExport,
  recordExportProgress,
  startAuditExport,
} from "../../app/kernel/files/exports.server";
import { countFinanceExportRows, financeExportTitle, writeFinanceRows } from "../../app/invoices/finance-exports.server";
import { createNotification } from "../../app/kernel/notifications/notifications.server";
import { writeAuditRows } from "../audit-export/write-rows";
import type { AuditExportJobPayload } from "../queues";
import { UnrecoverableError, type Processor } from "../runner";
import type { FileStorage } from "../storage/files";

export interface AuditExportDependencies {
  db: Database;
  logger: Logger;
  files: FileStorage;
  /** AUDIT_EXPORT_TTL_DAYS. */
  ttlDays: number;
  /** Rows per read; the bench and tests use smaller ones. */
  batchSize?: number;
}

/** Progress is written at most this often: enough for a page that polls every 2 s. */
const progressIntervalMs = 1_000;

/**
 * The member the export runs as: its requester, with the admin role, so the
 * audit_exports and audit_entries policies apply to the job as to the page, and
 * the log names the job as the actor of the status changes. Read on the owner
 * connection, because no tenant context exists before we know the requester.
 */
async function exportTenant(db: Database, ref: AuditExportJobPayload): Promise<TenantContext | null> {
  const [row] = await db.query<{ requestedBy: string; kind: string }>(sql`
    select requested_by as "requestedBy", kind from audit_exports where company_id = ${ref.companyId} and id = ${ref.exportId}`);
  if (!row) return null;
  // A finance export reads as finance: invoices and all approved time, nothing more.
  const role = row.kind === "audit-log" ? "admin" : "finance";
  return { companyId: ref.companyId, userId: row.requestedBy, role, actor: systemActor("audit-export", "Export") };
}

/**
 * audit-export: the export's rows → a file in storage → "export ready" for the
 * requester (notification and email). Each batch is read in its own short tenant
 * transaction, so the export holds no transaction open for minutes (PGlite runs one
 * at a time) and progress commits as it goes. The file appears only when complete;
 * a failure marks the export failed, leaves no file, and the runner retries.
 * Idempotent: a done export is skipped.
 */
export function createAuditExportProcessor(deps: AuditExportDependencies): Processor<AuditExportJobPayload> {
  return async (job) => {
    const ref = job.data;
    const tenant = await exportTenant(deps.db, ref);
    if (!tenant) throw new UnrecoverableError(`Audit export ${ref.exportId} does not exist`);
    const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) => withTenant(deps.db, tenant, work);

    const started = await inTenant((tx) =>
      startAuditExport(tx, ref.exportId, (kind, period) => countFinanceExportRows(tx, ref.companyId, kind, period)),
    );
    if (!started) return;
    const fileKey = exportFileKey(ref.companyId, ref.exportId, started.format);
    try {
      const reader: Queryable = { query: (query) => inTenant((tx) => tx.query(query)) };
      const range = { companyId: ref.companyId, from: started.startsAt, to: started.endsAt, untilSeq: started.untilSeq };
      let rowsWritten = 0;
      let reportedAt = Date.now();
      const options = {
        batchSize: deps.batchSize,
        onBatch: async (written: number) => {
          if (Date.now() - reportedAt < progressIntervalMs) return;
          reportedAt = Date.now();
          await inTenant((tx) => recordExportProgress(tx, ref.exportId, written));
        },
      };
      const period = { from: started.fromDate, to: started.toDate };
      await deps.files.write(fileKey, async (output) => {
        rowsWritten =
          started.kind === "audit-log"
            ? await writeAuditRows(reader, range, started.format, output, options)
            : await writeFinanceRows(reader, ref.companyId, started.kind, period, output, options);
      });
      await inTenant(async (tx) => {
        const { expiresAt } = await finishAuditExport(tx, ref.exportId, { rowsWritten, fileKey, ttlDays: deps.ttlDays });
        const exportName =
          started.kind === "audit-log"
            ? `Audit log ${started.fromDate} to ${started.toDate} (${started.format === "csv" ? "CSV" : "JSON Lines"})`
            : `${financeExportTitle(started.kind)} ${started.fromDate} to ${started.toDate} (CSV)`;
        await createNotification(tx, {
          userId: tenant.userId,
          kind: "export-ready",
          data: {
            exportName,
            exportId: ref.exportId,
            exportArea: started.kind === "audit-log" ? "audit" : "finance",
            expiresAt: expiresAt.toISOString(),
          },
        });
      });
    } catch (error) {
      // The file may already be in place if only the last step failed: an export
      // that isn't done must not leave a file behind.
      await deps.files.remove(fileKey).catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      await inTenant((tx) => failAuditExport(tx, ref.exportId, message));
      deps.logger.warn({ jobId: job.id, exportId: ref.exportId, err: error }, "Audit export failed");
      throw error;
    }
  };
}
