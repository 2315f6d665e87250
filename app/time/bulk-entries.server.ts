import { randomUUID } from "node:crypto";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { weekStartOf, type Day } from "~/kernel/clock/weeks";
import { entryRefusalMessage, statusProblem, type EntryField } from "./entries.server";
import { dayLimitProblem, dayProblem, defaultBillable, loadLoggingRules, projectProblem, type LoggingRules } from "./rules.server";
import { transition, type TimesheetStatus } from "./timesheet-states";

/**
 * Many new entries at once (the API's bulk create), under the week grid's rules:
 * every entry is checked first, in a fixed number of queries whatever their count,
 * and if any breaks a rule nothing is written and each says why. Then one statement
 * makes the weeks' timesheets and one inserts every entry. Each entry is audited
 * by the table's own trigger, one audit entry per entry, as a saved week's are.
 */
export interface NewEntry {
  userId: string;
  projectId: string;
  taskId: string | null;
  day: Day;
  minutes: number;
  /** Wall-clock times on the day in the company's zone, when logged as start and end. */
  span: { start: string; end: string } | null;
  notes: string | null;
  /** Undefined takes the project's and task's default. */
  billable?: boolean;
}

export type BulkResult =
  | { ok: true; ids: string[] }
  | { ok: false; itemErrors: Record<number, Partial<Record<EntryField | "userId", string>>>; formError: string | null };

const pairs = (rows: { userId: string; at: Day }[]) => {
  const unique = [...new Map(rows.map((row) => [`${row.userId} ${row.at}`, row])).values()];
  return { users: unique.map((row) => row.userId), dates: unique.map((row) => row.at) };
};

export async function insertEntries(tx: TenantTransaction, entries: NewEntry[], now = new Date()): Promise<BulkResult> {
  const companyId = tx.tenant.companyId;
  const itemErrors: Extract<BulkResult, { ok: false }>["itemErrors"] = {};
  const refuse = (index: number, field: EntryField | "userId", message: string) => {
    (itemErrors[index] ??= {})[field] ??= message;
  };

  const people = [...new Set(entries.map((entry) => entry.userId))];
  const active = new Set(
    (await tx.query<{ userId: string }>(sql`
      select user_id as "userId" from memberships
       where company_id = ${companyId} and user_id = any(${people}::uuid[]) and status = 'active'`)).map((row) => row.userId),
  );
  // Rules per person: the projects open to them differ; the calendar is the company's.
  const rules = new Map<string, LoggingRules>();
  for (const person of people) if (active.has(person)) rules.set(person, await loadLoggingRules(tx, person, now));
  const weekOf = (day: Day) => weekStartOf(day, [...rules.values()][0]!.calendar.weekStart);

  entries.forEach((entry, index) => {
    const theirs = rules.get(entry.userId);
    if (!theirs) return refuse(index, "userId", "No active member has this id");
    const dayIssue = dayProblem(theirs, entry.day);
    if (dayIssue) refuse(index, "day", dayIssue);
    const projectIssue = projectProblem(theirs, entry.projectId, entry.taskId);
    if (projectIssue) refuse(index, theirs.projects.has(entry.projectId) ? "taskId" : "projectId", projectIssue);
  });
  if (Object.keys(itemErrors).length > 0) return { ok: false, itemErrors, formError: null };

  // Submitted and approved weeks are read-only.
  const weeks = pairs(entries.map((entry) => ({ userId: entry.userId, at: weekOf(entry.day) })));
  const statuses = new Map(
    (await tx.query<{ userId: string; week: Day; status: TimesheetStatus }>(sql`
      select s.user_id as "userId", s.week_start::text as week, s.status from timesheets s
       where s.company_id = ${companyId}
         and (s.user_id, s.week_start) in (select * from unnest(${weeks.users}::uuid[], ${weeks.dates}::date[]))`)).map((row) => [
      `${row.userId} ${row.week}`,
      row.status,
    ]),
  );
  entries.forEach((entry, index) => {
    const blocked = statusProblem(statuses.get(`${entry.userId} ${weekOf(entry.day)}`));
    if (blocked) refuse(index, "day", blocked);
  });

  // 24 hours a day, counting what each day already holds.
  const days = pairs(entries.map((entry) => ({ userId: entry.userId, at: entry.day })));
  const totals = new Map(
    (await tx.query<{ userId: string; day: Day; minutes: number }>(sql`
      select user_id as "userId", work_date::text as day, sum(minutes)::int as minutes from time_entries
       where company_id = ${companyId}
         and (user_id, work_date) in (select * from unnest(${days.users}::uuid[], ${days.dates}::date[]))
       group by 1, 2`)).map((row) => [`${row.userId} ${row.day}`, row.minutes]),
  );
  for (const entry of entries) totals.set(`${entry.userId} ${entry.day}`, (totals.get(`${entry.userId} ${entry.day}`) ?? 0) + entry.minutes);
  entries.forEach((entry, index) => {
    const limit = dayLimitProblem(totals.get(`${entry.userId} ${entry.day}`) ?? 0);
    if (limit) refuse(index, entry.span ? "end" : "duration", limit);
  });
  if (Object.keys(itemErrors).length > 0) return { ok: false, itemErrors, formError: null };

  const ids = entries.map(() => randomUUID());
  const saved = await attempt(tx, async (inner) => {
    const sheets = await openTimesheets(inner, weeks);
    const column = <T>(pick: (entry: NewEntry, index: number) => T) => entries.map(pick);
    const { timezone } = [...rules.values()][0]!.calendar;
    // One statement for every entry; the guard trigger still checks each row as it goes in.
    // Booleans go as text and are cast per row: postgres.js sends a boolean array as one
    // boolean, and serializes the strings of a boolean[] parameter all as false.
    await inner.query(sql`
      insert into time_entries (company_id, id, user_id, timesheet_id, project_id, task_id, work_date, minutes, notes, billable,
                                started_at, ended_at)
      select ${companyId}, t.id, t.user_id, t.timesheet_id, t.project_id, t.task_id, t.work_date, t.minutes, t.notes, t.billable::boolean,
             (t.work_date + t.start_time) at time zone ${timezone}, (t.work_date + t.end_time) at time zone ${timezone}
        from unnest(${ids}::uuid[], ${column((e) => e.userId)}::uuid[],
                    ${column((e) => sheets.get(`${e.userId} ${weekOf(e.day)}`)!)}::uuid[],
                    ${column((e) => e.projectId)}::uuid[], ${column((e) => e.taskId)}::uuid[], ${column((e) => e.day)}::date[],
                    ${column((e) => e.minutes)}::int[], ${column((e) => e.notes)}::text[],
                    ${column((e) => String(e.billable ?? defaultBillable(rules.get(e.userId)!, e.projectId, e.taskId)))}::text[],
                    ${column((e) => e.span?.start ?? null)}::time[], ${column((e) => e.span?.end ?? null)}::time[])
             as t(id, user_id, timesheet_id, project_id, task_id, work_date, minutes, notes, billable, start_time, end_time)`);
  });
  if (saved.ok) return { ok: true, ids };
  const message = entryRefusalMessage(saved.error);
  if (message === null) throw saved.error;
  return { ok: false, itemErrors: {}, formError: message };
}

/** The weeks' timesheets, made on first use, locked, and a sent-back one returned to draft: the grid's prepareWeek, for many weeks at once. */
async function openTimesheets(tx: TenantTransaction, weeks: { users: string[]; dates: Day[] }): Promise<Map<string, string>> {
  const companyId = tx.tenant.companyId;
  await tx.query(sql`
    insert into timesheets (company_id, user_id, week_start)
    select ${companyId}, w.user_id, w.week_start from unnest(${weeks.users}::uuid[], ${weeks.dates}::date[]) as w(user_id, week_start)
    on conflict (company_id, user_id, week_start) do nothing`);
  const sheets = await tx.query<{ id: string; userId: string; week: Day; status: TimesheetStatus }>(sql`
    select id, user_id as "userId", week_start::text as week, status from timesheets
     where company_id = ${companyId}
       and (user_id, week_start) in (select * from unnest(${weeks.users}::uuid[], ${weeks.dates}::date[]))
     order by id
       for update`);
  for (const sheet of sheets) {
    const edited = transition(sheet.status, "edit");
    // A week submitted meanwhile stays as it is: the guard trigger then refuses its entries.
    for (const step of edited.ok ? edited.steps : []) {
      await tx.query(sql`update timesheets set status = ${step} where company_id = ${companyId} and id = ${sheet.id}`);
    }
  }
  return new Map(sheets.map((sheet) => [`${sheet.userId} ${sheet.week}`, sheet.id]));
}
