import { systemActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { expiryWarningDays, warnOfExpiringApiTokens } from "../../app/kernel/api-tokens/expiry-warnings.server";
import type { Processor } from "../runner";
import { actForCompany, companiesInBatches, sweepCompanies } from "./company-sweep";

const actor = systemActor("warn-expiring-api-tokens", "API token expiry warnings");

/**
 * warn-expiring-api-tokens: every hour, email the person of each live token that
 * expires within a week, once per token (app/kernel/api-tokens/expiry-warnings.server.ts).
 * Finds the companies with such tokens on the owner connection, then acts for each
 * in its own tenant transaction.
 */
export function createWarnExpiringApiTokensProcessor(deps: {
  db: Database;
  logger: Logger;
  /** The clock; tests move it. */
  now?: () => Date;
}): Processor<Record<string, never>> {
  return async (job) => {
    const now = deps.now?.() ?? new Date();
    const companies = companiesInBatches<{ id: string }>(
      deps.db,
      (after, limit) => sql`
        select distinct company_id as id from api_tokens
         where revoked_at is null and expiry_warned_at is null
           and expires_at > ${now} and expires_at <= ${now}::timestamptz + make_interval(days => ${expiryWarningDays})
           and company_id > ${after}
         order by company_id limit ${limit}`,
    );
    await sweepCompanies(companies, async (company) => {
      const warned = await actForCompany(deps.db, company.id, actor, (tx) => warnOfExpiringApiTokens(tx, now));
      if (warned?.length) deps.logger.info({ jobId: job.id, companyId: company.id, tokens: warned.length }, "API token expiry warnings sent");
    }, (company, error) => deps.logger.error({ jobId: job.id, companyId: company.id, err: error }, "API token expiry warnings failed for a company"));
  };
}
