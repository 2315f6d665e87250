import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { weekDays, weekStartOf, type Day } from "~/kernel/clock/weeks";
import { getTimesheet, listEntries, type TimeEntry, type TimesheetSummary } from "./entries.server";
import { loadLoggingRules, type LoggableProject } from "./rules.server";
import { recentTimesheets } from "./timesheets.server";

export interface WeekView {
  weekStart: Day;
  days: Day[];
  today: Day;
  lastLoggableDay: Day;
  lockedUntil: Day | null;
  timesheet: TimesheetSummary | null;
  entries: TimeEntry[];
  projects: LoggableProject[];
  recent: Awaited<ReturnType<typeof recentTimesheets>>;
  /** Rows of the person's latest earlier week with time, offered to start an empty week from. */
  previousRows: { projectId: string; taskId: string | null }[];
}

/**
 * Everything the week page shows for one person, in a fixed number of queries
 * whatever the week holds (the page must not cost a query per row or per entry).
 */
export async function loadWeek(tx: TenantTransaction, userId: string, requested: Day | null, now = new Date()): Promise<WeekView> {
  // Reads that don't wait on each other are sent together: on Postgres they share one
  // round trip (postgres.js pipelines them on the transaction's connection).
  const [rules, recent] = await Promise.all([loadLoggingRules(tx, userId, now), recentTimesheets(tx, userId)]);
  const weekStart = weekStartOf(requested ?? rules.today, rules.calendar.weekStart);
  const days = weekDays(weekStart);
  const [timesheet, entries] = await Promise.all([getTimesheet(tx, userId, weekStart), listEntries(tx, userId, weekStart, days[6]!)]);
  const previousRows = entries.length > 0 ? [] : await rowsOfLatestWeekBefore(tx, userId, weekStart);
  return {
    weekStart,
    days,
    today: rules.today,
    lastLoggableDay: rules.lastLoggableDay,
    lockedUntil: rules.calendar.lockedUntil,
    timesheet,
    entries,
    projects: [...rules.projects.values()],
    recent,
    previousRows,
  };
}

function rowsOfLatestWeekBefore(tx: TenantTransaction, userId: string, weekStart: Day) {
  return tx.query<{ projectId: string; taskId: string | null }>(sql`
    select distinct e.project_id as "projectId", e.task_id as "taskId"
      from time_entries e
     where e.company_id = ${tx.tenant.companyId} and e.user_id = ${userId}
       and e.timesheet_id = (
         select s.id from timesheets s
          where s.company_id = ${tx.tenant.companyId} and s.user_id = ${userId} and s.week_start < ${weekStart}
            and exists (select 1 from time_entries x where x.company_id = s.company_id and x.timesheet_id = s.id)
          order by s.week_start desc limit 1)`);
}

/** Active members whose weeks an admin may open, for the person picker. */
export function listLoggers(tx: TenantTransaction) {
  return tx.query<{ id: string; name: string }>(sql`
    select u.id, u.name from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active'
     order by lower(u.name)`);
}

/** An active member's name, or null when the person isn't one (unknown, deactivated, another company's). */
export async function activeMemberName(tx: TenantTransaction, userId: string): Promise<string | null> {
  const [found] = await tx.query<{ name: string }>(sql`
    select u.name from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.user_id = ${userId} and m.status = 'active'`);
  return found?.name ?? null;
}

