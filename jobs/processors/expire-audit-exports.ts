import { systemActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import { withTenant } from "../../db/tenant";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { expireAuditExport } from "../../app/kernel/files/exports.server";
import type { Processor } from "../runner";
import type { FileStorage } from "../storage/files";

/** Exports handled per run; a backlog is finished by the next runs. */
const sweepLimit = 500;

/**
 * expire-audit-exports: delete the files of exports past their expiry and mark the
 * exports expired. Finds them across companies on the owner connection, then marks
 * each in its company's context so the log records the job as the actor. The file
 * goes first: a crash in between leaves a done export without a file (its download
 * answers 404 and the next run marks it), never a file nobody will delete.
 * Idempotent: removing a missing file is no error, and expired rows aren't found again.
 */
export function createExpireAuditExportsProcessor(deps: {
  db: Database;
  logger: Logger;
  files: FileStorage;
}): Processor<Record<string, never>> {
  return async (job) => {
    const expired = await deps.db.query<{ companyId: string; id: string; requestedBy: string; fileKey: string | null }>(sql`
      select company_id as "companyId", id, requested_by as "requestedBy", file_key as "fileKey"
        from audit_exports where status = 'done' and expires_at <= now()
       order by expires_at limit ${sweepLimit}`);
    for (const entry of expired) {
      if (entry.fileKey) await deps.files.remove(entry.fileKey);
      const tenant = {
        companyId: entry.companyId,
        userId: entry.requestedBy,
        role: "admin" as const,
        actor: systemActor("expire-audit-exports", "Export cleanup"),
      };
      await withTenant(deps.db, tenant, (tx) => expireAuditExport(tx, entry.id));
    }
    if (expired.length) deps.logger.info({ jobId: job.id, expired: expired.length }, "Expired audit exports removed");
  };
}
