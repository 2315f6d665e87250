import { z } from "zod";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { queueJob } from "../../jobs/outbox";
import { clockProblemOf, nextRunOf, type ClockProblem, type ScheduleTiming } from "./schedule";
import { todayIn, type Day } from "~/kernel/clock/weeks";
import { companyClock } from "~/kernel/company/clock.server";

/**
 * Report schedules: a saved report emailed weekly or monthly to members, at an
 * hour of the company's clock. Each row has one job scheduler; every change here
 * queues `sync-report-schedule` through the outbox in the same transaction, so the
 * scheduler follows the row once it commits and never a change that rolled back.
 * RLS lets only members with report:schedule (app_can('report:schedule')).
 */

export interface ScheduleInput extends ScheduleTiming {
  reportId: string;
  recipientIds: string[];
}

export type ScheduleField = "reportId" | "recipientIds" | "hour";
export type ScheduleResult = { ok: true; id: string } | { ok: false; field: ScheduleField; message: string };

export interface ReportScheduleRow extends ScheduleTiming {
  id: string;
  reportId: string;
  /** Null when the report is someone's private one, which the viewer can't see. */
  reportName: string | null;
  createdBy: string;
  creatorName: string;
  recipientIds: string[];
  recipientNames: string[];
  enabled: boolean;
  lastPeriod: { from: Day; to: Day } | null;
  /** Null while paused. */
  nextRunAt: Date | null;
}

export interface ScheduleChoice {
  id: string;
  label: string;
}

const personLabel = sql`coalesce(nullif(btrim(u.name), ''), u.email)`;

/** Saved reports the member may schedule: their own and the shared ones, as RLS shows them. */
export function listSchedulableReports(tx: TenantTransaction): Promise<ScheduleChoice[]> {
  return tx.query<ScheduleChoice>(sql`
    select id, name || case when shared then ' (shared)' else '' end as label
      from saved_reports where company_id = ${tx.tenant.companyId}
     order by lower(name), id`);
}

/** Active members, who may receive a report. */
export function listRecipientChoices(tx: TenantTransaction): Promise<ScheduleChoice[]> {
  return tx.query<ScheduleChoice>(sql`
    select u.id, ${personLabel} || ' <' || u.email || '>' as label
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active'
     order by lower(${personLabel}), u.id`);
}

export function listReportSchedules(tx: TenantTransaction, now = new Date()): Promise<ReportScheduleRow[]> {
  return withNextRuns(tx, now, sql`true`);
}

/** Null when there is no such schedule in this company (or the member may not see schedules). */
/** Null for an id that names no schedule of the company, a malformed one (typed into a URL) included. */
export async function getReportSchedule(tx: TenantTransaction, id: string, now = new Date()): Promise<ReportScheduleRow | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await withNextRuns(tx, now, sql`s.id = ${id}`);
  return row ?? null;
}

async function withNextRuns(tx: TenantTransaction, now: Date, where: ReturnType<typeof sql>): Promise<ReportScheduleRow[]> {
  const { timezone } = await companyClock(tx);
  const rows = await tx.query<Omit<ReportScheduleRow, "nextRunAt">>(sql`
    select s.id, s.report_id as "reportId", r.name as "reportName", s.frequency, s.weekday, s.month_day as "monthDay",
           s.hour, s.created_by as "createdBy", ${personLabel} as "creatorName", s.recipient_ids::text[] as "recipientIds",
           array(select coalesce(nullif(btrim(ru.name), ''), ru.email) from users ru
                  where ru.id = any(s.recipient_ids) order by lower(coalesce(nullif(btrim(ru.name), ''), ru.email))) as "recipientNames",
           s.enabled,
           (select json_build_object('from', run.period_from, 'to', run.period_to) from report_schedule_runs run
             where run.company_id = s.company_id and run.schedule_id = s.id
             order by run.period_from desc limit 1) as "lastPeriod"
      from report_schedules s
      join users u on u.id = s.created_by
      left join saved_reports r on r.company_id = s.company_id and r.id = s.report_id
     where s.company_id = ${tx.tenant.companyId} and ${where}
     order by s.created_at, s.id`);
  return rows.map((row) => ({ ...row, nextRunAt: row.enabled ? nextRunOf(row, timezone, now) : null }));
}

/** "02:00 is skipped on Sunday, March 29, 2026 in Europe/Berlin (clocks go forward)…" */
export function clockProblemMessage(problem: ClockProblem, hour: number, timeZone: string): string {
  const day = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${problem.day}T00:00:00Z`));
  const time = `${String(hour).padStart(2, "0")}:00`;
  const what =
    problem.kind === "skipped"
      ? `doesn't exist on ${day} in ${timeZone}: the clocks go forward`
      : `happens twice on ${day} in ${timeZone}: the clocks go back`;
  return `${time} ${what}. Choose another hour, so that every run happens once at the time you chose.`;
}

async function checkInput(
  tx: TenantTransaction,
  input: ScheduleInput,
  runsAs: { userId: string; name: string },
  previousReportId: string | null,
  now: Date,
): Promise<Extract<ScheduleResult, { ok: false }> | null> {
  if (input.reportId !== previousReportId) {
    const [report] = await tx.query<{ shared: boolean; ownerId: string }>(sql`
      select shared, owner_id as "ownerId" from saved_reports
       where company_id = ${tx.tenant.companyId} and id = ${input.reportId}`);
    if (!report) return { ok: false, field: "reportId", message: "Choose one of your saved reports or a shared one." };
    // The run reads the report as the schedule's creator: someone else's private report would vanish for them.
    if (!report.shared && report.ownerId !== runsAs.userId) {
      return {
        ok: false,
        field: "reportId",
        message: `This schedule runs as ${runsAs.name}, who can't see that private report. Choose a shared report or share this one.`,
      };
    }
  }

  const recipients = [...new Set(input.recipientIds)];
  if (recipients.length === 0) return { ok: false, field: "recipientIds", message: "Choose at least one person to send the report to." };
  if (recipients.length > 50) return { ok: false, field: "recipientIds", message: "A report goes to 50 people at most." };
  const members = await tx.query<{ userId: string; name: string; status: string }>(sql`
    select m.user_id as "userId", ${personLabel} as name, m.status
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.user_id = any(${recipients}::uuid[])`);
  if (members.length < recipients.length) {
    return { ok: false, field: "recipientIds", message: "Some of the chosen people are not members of this company. Reload the page and choose again." };
  }
  const inactive = members.filter((member) => member.status !== "active").map((member) => member.name);
  if (inactive.length > 0) {
    return { ok: false, field: "recipientIds", message: `${inactive.join(", ")} ${inactive.length === 1 ? "is" : "are"} deactivated and can't receive reports.` };
  }

  const { timezone } = await companyClock(tx);
  const problem = clockProblemOf(input, timezone, todayIn(timezone, now));
  if (problem) return { ok: false, field: "hour", message: clockProblemMessage(problem, input.hour, timezone) };
  return null;
}

function syncScheduler(tx: TenantTransaction, scheduleId: string) {
  return queueJob(tx, "sync-report-schedule", { companyId: tx.tenant.companyId, scheduleId });
}

const weekdayOf = (input: ScheduleInput) => (input.frequency === "weekly" ? input.weekday : null);
const monthDayOf = (input: ScheduleInput) => (input.frequency === "monthly" ? input.monthDay : null);

async function nameOf(tx: TenantTransaction, userId: string): Promise<string> {
  const [user] = await tx.query<{ name: string }>(sql`select ${personLabel} as name from users u where u.id = ${userId}`);
  return user?.name ?? "its creator";
}

/** The run acts as the member who creates the schedule: what they may see is what the report holds. */
export async function createReportSchedule(tx: TenantTransaction, input: ScheduleInput, now = new Date()): Promise<ScheduleResult> {
  const me = { userId: tx.tenant.userId, name: await nameOf(tx, tx.tenant.userId) };
  const refused = await checkInput(tx, input, me, null, now);
  if (refused) return refused;
  const [row] = await tx.query<{ id: string }>(sql`
    insert into report_schedules (company_id, report_id, created_by, frequency, weekday, month_day, hour, recipient_ids)
    values (${tx.tenant.companyId}, ${input.reportId}, ${tx.tenant.userId}, ${input.frequency}, ${weekdayOf(input)},
            ${monthDayOf(input)}, ${input.hour}, ${[...new Set(input.recipientIds)]}::uuid[])
    returning id`);
  await syncScheduler(tx, row!.id);
  return { ok: true, id: row!.id };
}

/** Null when there is no such schedule. */
export async function updateReportSchedule(
  tx: TenantTransaction,
  id: string,
  input: ScheduleInput,
  now = new Date(),
): Promise<ScheduleResult | null> {
  const existing = await getReportSchedule(tx, id, now);
  if (!existing) return null;
  const refused = await checkInput(tx, input, { userId: existing.createdBy, name: existing.creatorName }, existing.reportId, now);
  if (refused) return refused;
  await tx.query(sql`
    update report_schedules
       set report_id = ${input.reportId}, frequency = ${input.frequency}, weekday = ${weekdayOf(input)},
           month_day = ${monthDayOf(input)}, hour = ${input.hour}, recipient_ids = ${[...new Set(input.recipientIds)]}::uuid[]
     where company_id = ${tx.tenant.companyId} and id = ${id}`);
  await syncScheduler(tx, id);
  return { ok: true, id };
}

/**
 * Pause or resume. Resuming checks the hour again: the year ahead it was checked
 * against has moved on. Null when there is no such schedule.
 */
export async function setReportScheduleEnabled(
  tx: TenantTransaction,
  id: string,
  enabled: boolean,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; message: string } | null> {
  const existing = await getReportSchedule(tx, id, now);
  if (!existing) return null;
  if (enabled) {
    const { timezone } = await companyClock(tx);
    const problem = clockProblemOf(existing, timezone, todayIn(timezone, now));
    if (problem) return { ok: false, message: `${clockProblemMessage(problem, existing.hour, timezone)} Edit the schedule first.` };
  }
  await tx.query(sql`update report_schedules set enabled = ${enabled} where company_id = ${tx.tenant.companyId} and id = ${id}`);
  await syncScheduler(tx, id);
  return { ok: true };
}

/** False when there is no such schedule. Its runs' record goes with it (on delete cascade). */
export async function deleteReportSchedule(tx: TenantTransaction, id: string): Promise<boolean> {
  const deleted = await tx.query(sql`
    delete from report_schedules where company_id = ${tx.tenant.companyId} and id = ${id} returning id`);
  if (deleted.length === 0) return false;
  await syncScheduler(tx, id);
  return true;
}

/**
 * "Send now": the run the schedule would make at this instant, through the same
 * job, so it reports the period just ended and only if that period wasn't sent.
 * For a schedule created mid-week that shouldn't wait for last week's report, and
 * for sending again what a failed run couldn't. False when there is no such schedule.
 */
export async function sendReportScheduleNow(tx: TenantTransaction, id: string, now = new Date()): Promise<boolean> {
  const [row] = await tx.query(sql`select id from report_schedules where company_id = ${tx.tenant.companyId} and id = ${id}`);
  if (!row) return false;
  await queueJob(tx, "send-scheduled-report", { companyId: tx.tenant.companyId, scheduleId: id, asOf: now.toISOString() });
  return true;
}
