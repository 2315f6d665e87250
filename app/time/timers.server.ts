import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { maxMinutesPerDay } from "~/kernel/clock/duration";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { todayIn, type Day } from "~/kernel/clock/weeks";
import type { WorkLabel } from "./work-label";
import { writeEntry, type EntryResult } from "./entries.server";
import { defaultBillable, getCompanyCalendar, loadLoggingRules, projectProblem } from "./rules.server";

/**
 * The one running timer a person may have. It lives in the database, so it survives
 * reloads, other tabs and other devices; stopping it writes an ordinary entry.
 */
export interface RunningTimer extends WorkLabel {
  notes: string | null;
  startedAt: Date;
}

export async function getTimer(tx: TenantTransaction): Promise<RunningTimer | null> {
  const [timer] = await tx.query<RunningTimer>(sql`
    select r.project_id as "projectId", r.task_id as "taskId", p.name as "projectName", p.color as "projectColor",
           cl.name as "clientName", t.name as "taskName", r.notes, r.started_at as "startedAt"
      from timers r
      join projects p on p.company_id = r.company_id and p.id = r.project_id
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
      left join tasks t on t.company_id = r.company_id and t.id = r.task_id
     where r.company_id = ${tx.tenant.companyId} and r.user_id = ${tx.tenant.userId}`);
  return timer ?? null;
}

/**
 * Stop the running timer into an entry on the day it started (in the company's
 * zone). Whole minutes, at least one. Nothing running is not an error; a refused
 * entry leaves the timer running, so no time is lost.
 */
export async function stopTimer(tx: TenantTransaction, now = new Date()): Promise<EntryResult | null> {
  const [timer] = await tx.query<{ projectId: string; taskId: string | null; notes: string | null; billable: boolean; startedAt: Date }>(sql`
    select project_id as "projectId", task_id as "taskId", notes, billable, started_at as "startedAt"
      from timers where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId}
       for update`);
  if (!timer) return null;
  // Completed minutes: rounding up a half minute would bill time nobody worked.
  const minutes = Math.max(1, Math.floor((now.getTime() - timer.startedAt.getTime()) / 60_000));
  if (minutes > maxMinutesPerDay) {
    return { ok: false, fieldErrors: {}, formError: "The timer ran for more than 24 hours. Discard it and log the time by hand." };
  }
  const { timezone } = await getCompanyCalendar(tx);
  const day = todayIn(timezone, timer.startedAt);
  const written = await writeEntry(
    tx,
    tx.tenant.userId,
    {
      projectId: timer.projectId,
      taskId: timer.taskId,
      day,
      minutes,
      span: timerSpan(timer.startedAt, minutes, timezone, day),
      notes: timer.notes,
      billable: timer.billable,
    },
    null,
    now,
  );
  // The timer goes only once its time is safely an entry.
  if (written.ok) await discardTimer(tx);
  return written;
}

/**
 * The wall-clock start and end a stopped timer keeps, so the day view shows when the
 * work happened. Times are whole minutes from the minute it started; a timer that ran
 * past midnight keeps only its duration, since a span lives on one day.
 */
export function timerSpan(startedAt: Date, minutes: number, timezone: string, day: Day): { start: string; end: string } | null {
  const start = new Date(Math.floor(startedAt.getTime() / 60_000) * 60_000);
  const end = new Date(start.getTime() + minutes * 60_000);
  if (todayIn(timezone, end) !== day) return null;
  const clock = (when: Date) => format(new TZDate(when, timezone), "HH:mm");
  const span = { start: clock(start), end: clock(end) };
  return span.end > span.start ? span : null;
}

/** Why a timer didn't start: the project or task isn't open, the running one couldn't be saved, or one runs and may not be replaced. */
export type TimerStart =
  | { ok: true; stoppedEntryId: string | null }
  | Extract<EntryResult, { ok: false }>
  | { ok: false; running: true };

/**
 * Start a timer. With `replace`, a running one is stopped (and saved) first:
 * switching projects is stop-then-start, and when the running one can't be saved
 * nothing changes. Without it, a running timer refuses the start.
 */
export async function startTimer(
  tx: TenantTransaction,
  input: { projectId: string; taskId: string | null; notes: string | null },
  options: { replace: boolean },
  now = new Date(),
): Promise<TimerStart> {
  const rules = await loadLoggingRules(tx, tx.tenant.userId, now);
  const problem = projectProblem(rules, input.projectId, input.taskId);
  if (problem) return { ok: false, fieldErrors: { [rules.projects.has(input.projectId) ? "taskId" : "projectId"]: problem }, formError: null };
  const stopped = options.replace ? await stopTimer(tx, now) : null;
  if (stopped && !stopped.ok) return stopped;
  // The key (company, person) makes a second timer impossible; two starts at once leave one refused.
  const inserted = await tx.query(sql`
    insert into timers (company_id, user_id, project_id, task_id, notes, billable, started_at)
    values (${tx.tenant.companyId}, ${tx.tenant.userId}, ${input.projectId}, ${input.taskId}, ${input.notes},
            ${defaultBillable(rules, input.projectId, input.taskId)}, ${now})
    on conflict (company_id, user_id) do nothing
    returning 1`);
  if (inserted.length === 0) return { ok: false, running: true };
  return { ok: true, stoppedEntryId: stopped?.id ?? null };
}

export async function discardTimer(tx: TenantTransaction): Promise<boolean> {
  const deleted = await tx.query(sql`
    delete from timers where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId} returning 1`);
  return deleted.length > 0;
}

/** Work the person did lately, newest first, one per project and task: the header's "continue" choices. */
export async function recentWork(tx: TenantTransaction, limit = 5): Promise<{ projectId: string; taskId: string | null; notes: string | null }[]> {
  return tx.query(sql`
    select "projectId", "taskId", notes from (
      select distinct on (project_id, task_id) project_id as "projectId", task_id as "taskId", notes, created_at
        from time_entries
       where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId}
         and work_date >= current_date - 60
       order by project_id, task_id, created_at desc
    ) latest
    order by created_at desc
    limit ${limit}`);
}
