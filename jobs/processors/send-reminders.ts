import { systemActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { sendManagerDigests, sendMissingTimeReminders } from "../../app/time/reminders.server";
import { dueReminder } from "../../app/time/reminder-schedule";
import type { Processor } from "../runner";
import { actForCompany, companiesInBatches, sweepCompanies } from "./company-sweep";

const actor = systemActor("send-reminders", "Weekly reminders");

/**
 * send-reminders: every few minutes, find the companies whose weekly reminder
 * (a weekday and an hour on their own clock) has come, and send that week's
 * missing-time reminders to employees and digests to team managers. Whether one
 * is due is worked out from the clock (app/time/reminder-schedule.ts), which keeps
 * DST days to exactly one instant; whether it was sent is recorded per person and
 * week, so runs repeated within the grace period, concurrent runs and retries
 * send nothing more. Runs on the owner connection to find the companies, then
 * acts for each in its own tenant transaction.
 */
export function createSendRemindersProcessor(deps: {
  db: Database;
  logger: Logger;
  /** The clock; tests move it. */
  now?: () => Date;
}): Processor<Record<string, never>> {
  return async (job) => {
    const now = deps.now?.() ?? new Date();
    const companies = companiesInBatches<{
      id: string;
      timezone: string;
      weekStart: number;
      weekday: number;
      hour: number;
    }>(
      deps.db,
      (after, limit) => sql`
        select id, timezone, week_start as "weekStart", reminder_weekday as weekday, reminder_hour as hour
          from companies where reminders_enabled and id > ${after} order by id limit ${limit}`,
    );
    await sweepCompanies(companies, async (company) => {
      const due = dueReminder(company, now);
      if (!due) return;
      const sent = await actForCompany(deps.db, company.id, actor, async (tx) => ({
        reminders: await sendMissingTimeReminders(tx, { period: due.period, lastDay: due.day }),
        digests: await sendManagerDigests(tx, due.period),
      }));
      if (sent && (sent.reminders.length || sent.digests.length)) {
        deps.logger.info(
          { jobId: job.id, companyId: company.id, week: due.period, reminders: sent.reminders.length, digests: sent.digests.length },
          "Weekly reminders sent",
        );
      }
    }, (company, error) => deps.logger.error({ jobId: job.id, companyId: company.id, err: error }, "Weekly reminders failed for a company"));
  };
}
