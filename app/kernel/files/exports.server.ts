import { z } from "zod";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { queueJob } from "../../../jobs/outbox";
import type { ExportFormat } from "../../../jobs/audit-export/write-rows";
import { companyZone } from "~/kernel/company/clock.server";

/**
 * The shelf of generated files: a row per file a job builds for someone (the
 * audit log's exports, finance's large exports), its progress, and its file in
 * storage until it expires. Audit and invoices both keep files here, so it lives
 * in the kernel; what goes into each kind of file stays in its feature.
 *
 * Audit exports: a file of the company's log for a date range, written by the
 * audit-export job (jobs/processors/audit-export.ts) and downloaded by owners and
 * admins until it expires. Requests and retries reach the job through the outbox,
 * in the same transaction as the row, so an export is never queued for a request
 * that rolled back, nor lost when Redis is away.
 *
 * Finance's large exports (issue #8) are rows of the same table with another kind,
 * written by the same job and expired by the same sweep; the policies (0012) show
 * each kind only to whoever may request it.
 */
export const financeExportKinds = ["invoices", "invoice-lines", "time"] as const;
export type FinanceExportKind = (typeof financeExportKinds)[number];
export type ExportKind = "audit-log" | FinanceExportKind;
/** Which page's exports: the audit log's, or finance's (every other kind). */
export type ExportShelf = "audit" | "finance";

export type ExportStatus = "queued" | "running" | "done" | "failed" | "expired";

export interface AuditExport {
  id: string;
  kind: ExportKind;
  requestedBy: string;
  requesterName: string | null;
  fromDate: string;
  toDate: string;
  format: ExportFormat;
  status: ExportStatus;
  rowsWritten: number;
  rowsTotal: number | null;
  error: string | null;
  fileKey: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}


const columns = sql`
  e.id, e.kind, e.requested_by as "requestedBy", u.name as "requesterName", to_char(e.from_date, 'YYYY-MM-DD') as "fromDate",
  to_char(e.to_date, 'YYYY-MM-DD') as "toDate", e.format, e.status, e.rows_written::int as "rowsWritten",
  e.rows_total::int as "rowsTotal", e.error, e.file_key as "fileKey", e.created_at as "createdAt",
  e.finished_at as "finishedAt", e.expires_at as "expiresAt"`;

/** Ids come from URLs and forms; anything that isn't one is simply "not found". */
const isExportId = (id: string) => z.uuid().safeParse(id).success;

/** The file's key in storage: built from ids only, so it can't name anything else. */
export function exportFileKey(companyId: string, exportId: string, format: ExportFormat): string {
  return `audit-exports/${companyId}/${exportId}.${format}`;
}

/**
 * Queue an export between two calendar days (inclusive) in the company's timezone:
 * the audit log's (CSV or JSON Lines), or a finance file (always CSV, the format
 * that streams).
 */
export async function requestAuditExport(
  tx: TenantTransaction,
  request: { kind?: ExportKind; fromDate: string; toDate: string; format: ExportFormat },
): Promise<string> {
  const zone = companyZone(tx);
  const [row] = await tx.query<{ id: string }>(sql`
    insert into audit_exports (company_id, requested_by, kind, from_date, to_date, starts_at, ends_at, format)
    values (${tx.tenant.companyId}, ${tx.tenant.userId}, ${request.kind ?? "audit-log"}, ${request.fromDate}::date, ${request.toDate}::date,
            (${request.fromDate}::date)::timestamp at time zone ${zone},
            (${request.toDate}::date + 1)::timestamp at time zone ${zone}, ${request.format})
    returning id`);
  await queueJob(tx, "audit-export", { exportId: row!.id, companyId: tx.tenant.companyId });
  return row!.id;
}

export const requestFinanceExport = (tx: TenantTransaction, request: { kind: FinanceExportKind; fromDate: string; toDate: string }) =>
  requestAuditExport(tx, { ...request, format: "csv" });

const onShelf = (shelf: ExportShelf) => sql`(e.kind = 'audit-log') = ${shelf === "audit"}`;

/** The company's most recent exports of one page, newest first. */
export function listAuditExports(tx: TenantTransaction, limit = 50, shelf: ExportShelf = "audit"): Promise<AuditExport[]> {
  return tx.query<AuditExport>(sql`
    select ${columns} from audit_exports e left join users u on u.id = e.requested_by
     where e.company_id = ${tx.tenant.companyId} and ${onShelf(shelf)}
     order by e.created_at desc, e.id limit ${limit}`);
}

/** One export of the company's, or null (an id that isn't a uuid is simply not found). */
export async function getAuditExport(tx: TenantTransaction, id: string, shelf: ExportShelf = "audit"): Promise<AuditExport | null> {
  if (!isExportId(id)) return null;
  const [row] = await tx.query<AuditExport>(sql`
    select ${columns} from audit_exports e left join users u on u.id = e.requested_by
     where e.company_id = ${tx.tenant.companyId} and e.id = ${id} and ${onShelf(shelf)}`);
  return row ?? null;
}

/** Whether an export's file may be downloaded now. */
export function isDownloadable(entry: Pick<AuditExport, "status" | "expiresAt">, now = new Date()): boolean {
  return entry.status === "done" && entry.expiresAt !== null && entry.expiresAt > now;
}

/** Queue a failed export again; false when it isn't the company's or isn't failed. */
export async function retryAuditExport(tx: TenantTransaction, id: string): Promise<boolean> {
  if (!isExportId(id)) return false;
  const rows = await tx.query(sql`
    update audit_exports set status = 'queued', error = null, rows_written = 0, rows_total = null,
                             started_at = null, finished_at = null
     where company_id = ${tx.tenant.companyId} and id = ${id} and status = 'failed'
    returning id`);
  if (rows.length === 0) return false;
  await queueJob(tx, "audit-export", { exportId: id, companyId: tx.tenant.companyId });
  return true;
}

// ------------------------------------------------------- the job's side

export interface StartedExport {
  kind: ExportKind;
  format: ExportFormat;
  fromDate: string;
  toDate: string;
  startsAt: Date;
  endsAt: Date;
  /** The head of the log when counting: the file holds exactly rows_total entries. */
  untilSeq: number;
  rowsTotal: number;
}

/** Counts a finance file's rows; finance's own query, given by the job so the shelf needn't know it. */
export type FinanceRowCounter = (kind: FinanceExportKind, period: { from: string; to: string }) => Promise<number>;

/**
 * Mark the export running and count its rows, for progress. Null when there is
 * nothing to do: it is done (or expired) already, so a repeated job is a no-op.
 */
export async function startAuditExport(tx: TenantTransaction, id: string, countFinanceRows: FinanceRowCounter): Promise<StartedExport | null> {
  const [entry] = await tx.query<Omit<StartedExport, "untilSeq" | "rowsTotal">>(sql`
    select kind, format, to_char(from_date, 'YYYY-MM-DD') as "fromDate", to_char(to_date, 'YYYY-MM-DD') as "toDate",
           starts_at as "startsAt", ends_at as "endsAt"
      from audit_exports
     where company_id = ${tx.tenant.companyId} and id = ${id} and status in ('queued', 'running', 'failed')
       for update`);
  if (!entry) return null;
  const [count] = await tx.query<{ rowsTotal: number; untilSeq: string | null }>(sql`
    select count(*)::int as "rowsTotal", max(seq)::text as "untilSeq" from audit_entries
     where company_id = ${tx.tenant.companyId} and occurred_at >= ${entry.startsAt} and occurred_at < ${entry.endsAt}`);
  // A finance file's count is of its own rows; its batches aren't bounded by the log's head.
  const rowsTotal =
    entry.kind === "audit-log"
      ? (count?.rowsTotal ?? 0)
      : await countFinanceRows(entry.kind, { from: entry.fromDate, to: entry.toDate });
  await tx.query(sql`
    update audit_exports set status = 'running', started_at = now(), error = null, rows_written = 0,
                             rows_total = ${rowsTotal}, file_key = null
     where company_id = ${tx.tenant.companyId} and id = ${id}`);
  return { ...entry, rowsTotal, untilSeq: Number(count?.untilSeq ?? 0) };
}

export async function recordExportProgress(tx: TenantTransaction, id: string, rowsWritten: number): Promise<void> {
  await tx.query(sql`
    update audit_exports set rows_written = ${rowsWritten}
     where company_id = ${tx.tenant.companyId} and id = ${id} and status = 'running'`);
}

/** The file is in place: the export can be downloaded until `expires_at`. */
export async function finishAuditExport(
  tx: TenantTransaction,
  id: string,
  done: { rowsWritten: number; fileKey: string; ttlDays: number },
): Promise<{ expiresAt: Date }> {
  const [row] = await tx.query<{ expiresAt: Date }>(sql`
    update audit_exports set status = 'done', rows_written = ${done.rowsWritten}, file_key = ${done.fileKey},
                             finished_at = now(), expires_at = now() + make_interval(days => ${done.ttlDays})
     where company_id = ${tx.tenant.companyId} and id = ${id}
    returning expires_at as "expiresAt"`);
  return row!;
}

/** The attempt failed; the message is shown beside the export's Retry button. */
export async function failAuditExport(tx: TenantTransaction, id: string, error: string): Promise<void> {
  await tx.query(sql`
    update audit_exports set status = 'failed', error = ${error.slice(0, 2000)}, file_key = null, finished_at = now()
     where company_id = ${tx.tenant.companyId} and id = ${id} and status <> 'done'`);
}

/** The file has been deleted after its time: the row stays, shown as expired. */
export async function expireAuditExport(tx: TenantTransaction, id: string): Promise<void> {
  await tx.query(sql`
    update audit_exports set status = 'expired', file_key = null
     where company_id = ${tx.tenant.companyId} and id = ${id} and status = 'done'`);
}
