import { sql } from "../../db/sql";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import type { Processor } from "../runner";

/**
 * prune-audit-logs: for every company with a retention period, remove audit entries
 * older than it. prune_audit_entries (0004_audit.sql) records each run in the
 * company's log and keeps the chain verifiable from the first kept entry. Runs on
 * the owner connection because it works across companies; idempotent, since a
 * second run finds nothing older than the cutoff.
 */
export function createPruneAuditLogsProcessor(deps: { db: Database; logger: Logger }): Processor<Record<string, never>> {
  return async (job) => {
    const companies = await deps.db.query<{ id: string; days: number }>(sql`
      select id, audit_retention_days as days from companies where audit_retention_days is not null order by id`);
    for (const company of companies) {
      const [result] = await deps.db.query<{ removed: number }>(sql`
        select prune_audit_entries(${company.id}, now() - make_interval(days => ${company.days}))::int as removed`);
      if (result?.removed) {
        deps.logger.info({ jobId: job.id, companyId: company.id, removed: result.removed }, "Pruned audit entries past retention");
      }
    }
  };
}
