import { systemActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { sendBudgetAlerts } from "../../app/time/reminders.server";
import type { Processor } from "../runner";
import { actForCompany, companiesInBatches, sweepCompanies } from "./company-sweep";

const actor = systemActor("check-budgets", "Budget alerts");

/**
 * check-budgets: for every company with a live project that has a budget, alert
 * its owners and admins of projects past 80 % or 100 % (app/time/reminders.server.ts).
 * Each company in its own tenant transaction; each threshold is recorded once per
 * project and budget, so repeated and concurrent runs alert once.
 */
export function createCheckBudgetsProcessor(deps: { db: Database; logger: Logger }): Processor<Record<string, never>> {
  return async (job) => {
    const companies = companiesInBatches<{ id: string }>(
      deps.db,
      (after, limit) => sql`
        select c.id from companies c
         where c.id > ${after}
           and exists (select 1 from projects p
                        where p.company_id = c.id and p.budget_minutes is not null and p.archived_at is null)
         order by c.id limit ${limit}`,
    );
    await sweepCompanies(
      companies,
      async (company) => {
        const sent = await actForCompany(deps.db, company.id, actor, (tx) => sendBudgetAlerts(tx));
        if (sent?.length) {
          deps.logger.info({ jobId: job.id, companyId: company.id, alerts: sent.map((a) => `${a.projectId}:${a.threshold}`) }, "Budget alerts sent");
        }
      },
      (company, error) => deps.logger.error({ jobId: job.id, companyId: company.id, err: error }, "Budget alerts failed for a company"),
    );
  };
}
