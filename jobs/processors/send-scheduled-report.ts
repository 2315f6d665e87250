import { once } from "node:events";
import { z } from "zod";
import { systemActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import { withTenantInTransaction, type MemberRole, type TenantTransaction } from "../../db/tenant";
import type { Database } from "../../db/types";
import type { Logger } from "../../platform/logger";
import { buildReportFile } from "../../app/reports/exports.server";
import { summarizeTime, reportCsvChunks } from "../../app/reports/time-report.server";
import { filterForPeriod, reportDefinitionSchema } from "../../app/reports/definition";
import type { ReportFilter, ReportKind } from "../../app/reports/filter";
import { isRunInstant, periodOfRun, type Period, type ScheduleTiming } from "../../app/reports/schedule";
import { todayIn } from "../../app/kernel/clock/weeks";
import { can } from "../../app/kernel/permissions";
import type { EmailAttachment } from "../../emails/messages";
import { queueEmail } from "../outbox";
import type { ScheduledReportJobPayload } from "../queues";
import { syncReportScheduler, type ReportScheduler } from "../report-schedulers";
import { UnrecoverableError, type Processor } from "../runner";
import type { FileStorage } from "../storage/files";

const actor = systemActor("send-scheduled-report", "Scheduled report");


const topRowCount = 10;
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface ScheduleRun extends ScheduleTiming {
  enabled: boolean;
  reportId: string;
  createdBy: string;
  creatorName: string;
  /** Null when the creator is no longer a member at all. */
  creatorRole: MemberRole | null;
  creatorStatus: string | null;
  recipientIds: string[];
  timezone: string;
  weekStart: number;
}

/**
 * send-scheduled-report: one run of a report schedule. Works out the period just
 * ended from the instant the run was due (the job scheduler's slot, or "send now"'s
 * asOf), then, as the member who set the schedule up and in one transaction,
 * records (schedule, period) in report_schedule_runs, writes the report's CSV to
 * the export storage and queues one email per recipient with the file attached.
 * A period already recorded sends nothing: a second worker, a retry or a second
 * "send now" wait for the first and then find the key taken.
 */
export function createSendScheduledReportProcessor(deps: {
  db: Database;
  logger: Logger;
  files: FileStorage;
  /** When given, each run re-syncs its scheduler, so a company's new timezone reaches it by the next run. */
  scheduler?: ReportScheduler;
  now?: () => Date;
}): Processor<ScheduledReportJobPayload> {
  return async (job) => {
    const { companyId, scheduleId, asOf } = job.data;
    const log = { jobId: job.id, companyId, scheduleId };
    const [schedule] = await deps.db.query<ScheduleRun>(sql`
      select s.frequency, s.weekday, s.month_day as "monthDay", s.hour, s.enabled, s.report_id as "reportId",
             s.created_by as "createdBy", coalesce(nullif(btrim(u.name), ''), u.email) as "creatorName",
             m.role as "creatorRole", m.status as "creatorStatus", s.recipient_ids::text[] as "recipientIds",
             c.timezone, c.week_start as "weekStart"
        from report_schedules s
        join companies c on c.id = s.company_id
        join users u on u.id = s.created_by
        left join memberships m on m.company_id = s.company_id and m.user_id = s.created_by
       where s.company_id = ${companyId} and s.id = ${scheduleId}`);
    if (!schedule) {
      deps.logger.info(log, "Scheduled report skipped: the schedule was deleted");
      return;
    }
    // A scheduler's run of a paused schedule (a job made just before the pause) sends nothing; "send now" does.
    if (!asOf && !schedule.enabled) {
      deps.logger.info(log, "Scheduled report skipped: the schedule is paused");
      return;
    }
    // Can't succeed as the schedule stands, so unretried: it fails at once and shows on the operator page.
    if (!schedule.creatorRole || schedule.creatorStatus !== "active" || !can(schedule.creatorRole, "report:schedule")) {
      throw new UnrecoverableError(
        `The report runs as ${schedule.creatorName}, who is no longer an active owner, admin or finance member, so it was not sent. ` +
          "Delete the schedule and create it again as someone who may schedule reports, or restore their role and retry.",
      );
    }

    const dueAt = asOf ? new Date(asOf) : (job.scheduledAt ?? deps.now?.() ?? new Date());
    if (!asOf && job.scheduledAt && !isRunInstant(schedule, job.scheduledAt, schedule.timezone)) {
      deps.logger.info({ ...log, dueAt }, "Scheduled report skipped: made by the scheduler before the schedule changed");
      return;
    }
    const period = periodOfRun(schedule, dueAt, schedule.timezone, schedule.weekStart);
    const sent = await deps.db.transaction((tx) =>
      withTenantInTransaction(tx, { companyId, userId: schedule.createdBy, role: schedule.creatorRole!, actor }, (member) =>
        sendOnce(member, { ...deps, scheduleId, schedule, period }),
      ),
    );
    deps.logger.info({ ...log, period, recipients: sent, dueDay: todayIn(schedule.timezone, dueAt) }, sent === null ? "Scheduled report already sent for this period" : "Scheduled report sent");

    if (deps.scheduler && !asOf) {
      await syncReportScheduler(deps.db, deps.scheduler, scheduleId).catch((error: unknown) =>
        deps.logger.warn({ ...log, err: error }, "Could not re-sync the report's scheduler after its run"),
      );
    }
  };
}

const groupLabels: Record<ReportFilter["groupBy"], string> = {
  person: "Person",
  project: "Project",
  client: "Client",
  task: "Task",
  week: "Week",
};

/** Null when the period was already sent; otherwise how many emails were queued. */
async function sendOnce(
  tx: TenantTransaction,
  run: { files: FileStorage; scheduleId: string; schedule: ScheduleRun; period: Period },
): Promise<number | null> {
  const { schedule, period, scheduleId } = run;
  const claimed = await tx.query(sql`
    insert into report_schedule_runs (company_id, schedule_id, period_from, period_to)
    values (${tx.tenant.companyId}, ${scheduleId}, ${period.from}, ${period.to})
    on conflict do nothing
    returning period_from`);
  if (claimed.length === 0) return null;

  // Read as the creator: a private report of someone else's, or one unshared since, is not theirs to send.
  const [report] = await tx.query<{ name: string; kind: ReportKind; definition: unknown }>(sql`
    select name, kind, definition from saved_reports where company_id = ${tx.tenant.companyId} and id = ${schedule.reportId}`);
  if (!report) {
    throw new UnrecoverableError(`The saved report is no longer shared with ${schedule.creatorName}, whom the schedule runs as, so it was not sent.`);
  }
  const definition = reportDefinitionSchema.safeParse(report.definition);
  const filter = definition.success ? filterForPeriod(definition.data, period) : definition;
  if (!filter.success) {
    throw new UnrecoverableError(
      `The saved report "${report.name}" can't run for ${period.from} to ${period.to}: ${z.prettifyError(filter.error).replaceAll("\n", "; ")}`,
    );
  }

  const summary = await summarizeTime(tx, filter.data);
  // One file per schedule and period: a retry after a failed commit writes the same key again.
  const key = `report-schedules/${tx.tenant.companyId}/${scheduleId}/${period.from}.csv`;
  await run.files.write(key, async (output) => {
    for await (const chunk of reportCsvChunks(tx, filter.data)) {
      if (!output.write(chunk)) await once(output, "drain");
    }
  });

  const recipients = await tx.query<{ email: string }>(sql`
    select u.email from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active' and m.user_id = any(${schedule.recipientIds}::uuid[])
     order by u.email`);
  const basename = `${report.name.replace(/[^\w .,()-]+/g, "").trim() || "Report"} ${period.from} to ${period.to}`.replace(/^[^\w]+/, "");
  const attachments: EmailAttachment[] = [{ filename: `${basename}.csv`, contentType: "text/csv", key }];
  // The report as saved (summary or detailed) as a spreadsheet too, built whole, so
  // only below the export's size limit; the entries' CSV above goes out regardless.
  const sheet = await buildReportFile(tx, { kind: report.kind, format: "xlsx", filter: filter.data, title: report.name });
  if (sheet.ok) {
    const sheetKey = key.replace(/\.csv$/, ".xlsx");
    await run.files.write(sheetKey, async (output) => {
      if (!output.write(sheet.file.content)) await once(output, "drain");
    });
    attachments.push({ filename: `${basename}.xlsx`, contentType: xlsxType, key: sheetKey });
  }
  const props = {
    reportName: report.name,
    periodFrom: period.from,
    periodTo: period.to,
    totalMinutes: summary.totals.minutes,
    billableMinutes: summary.totals.billableMinutes,
    entries: summary.totals.entries,
    groupLabel: groupLabels[filter.data.groupBy],
    topRows: [...summary.rows]
      .sort((a, b) => b.minutes - a.minutes)
      .slice(0, topRowCount)
      .map((row) => ({ label: row.label.slice(0, 200) || "—", minutes: row.minutes, billableMinutes: row.billableMinutes })),
    moreRows: Math.max(0, summary.rows.length - topRowCount),
  };
  for (const { email } of recipients) {
    await queueEmail(tx, {
      to: email,
      template: "scheduled-report",
      props,
      attachments,
    });
  }
  return recipients.length;
}
