import { isCheckViolation, isLockedState } from "../../db/errors";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { cellKey, type PostedCell } from "./cells";
import { transition, type TimesheetStatus } from "./timesheet-states";
import { parseDuration } from "~/kernel/clock/duration";
import { weekDays, weekStartOf, type Day } from "~/kernel/clock/weeks";
import type { WorkLabel } from "./work-label";
import {
  dayLimitProblem,
  dayProblem,
  defaultBillable,
  loadLoggingRules,
  projectProblem,
  type LoggingRules,
} from "./rules.server";

export type { TimesheetStatus } from "./timesheet-states";

export interface TimeEntry extends WorkLabel {
  id: string;
  day: Day;
  minutes: number;
  notes: string | null;
  billable: boolean;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface TimesheetSummary {
  id: string;
  status: TimesheetStatus;
  comment: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decidedByName: string | null;
}

/** An entry with the names it is shown by; `e` is time_entries, joined by entryJoins. */
export const entryColumns = sql`
  e.id, e.project_id as "projectId", e.task_id as "taskId", p.name as "projectName", p.color as "projectColor",
  cl.name as "clientName", t.name as "taskName", e.work_date as day, e.minutes, e.notes, e.billable,
  e.started_at as "startedAt", e.ended_at as "endedAt"`;

export const entryJoins = sql`
  join projects p on p.company_id = e.company_id and p.id = e.project_id
  left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
  left join tasks t on t.company_id = e.company_id and t.id = e.task_id`;

export function listEntries(tx: TenantTransaction, userId: string, from: Day, to: Day): Promise<TimeEntry[]> {
  return tx.query<TimeEntry>(sql`
    select ${entryColumns}
      from time_entries e ${entryJoins}
     where e.company_id = ${tx.tenant.companyId} and e.user_id = ${userId}
       and e.work_date between ${from} and ${to}
     order by e.work_date, e.started_at nulls last, e.created_at`);
}

export async function getTimesheet(tx: TenantTransaction, userId: string, weekStart: Day): Promise<TimesheetSummary | null> {
  const [sheet] = await tx.query<TimesheetSummary>(sql`
    select s.id, s.status, s.comment, s.submitted_at as "submittedAt", s.decided_at as "decidedAt",
           u.name as "decidedByName"
      from timesheets s
      left join users u on u.id = s.decided_by
     where s.company_id = ${tx.tenant.companyId} and s.user_id = ${userId} and s.week_start = ${weekStart}`);
  return sheet ?? null;
}

/** The week's timesheet, made on first use and locked for this transaction's writes. */
async function openTimesheet(
  tx: TenantTransaction,
  userId: string,
  weekStart: Day,
): Promise<{ id: string; status: TimesheetStatus }> {
  await tx.query(sql`
    insert into timesheets (company_id, user_id, week_start) values (${tx.tenant.companyId}, ${userId}, ${weekStart})
    on conflict (company_id, user_id, week_start) do nothing`);
  const [sheet] = await tx.query<{ id: string; status: TimesheetStatus }>(sql`
    select id, status from timesheets
     where company_id = ${tx.tenant.companyId} and user_id = ${userId} and week_start = ${weekStart}
       for update`);
  if (!sheet) throw new Error("The timesheet just opened is not visible");
  return sheet;
}

/** Why the week's time can't change in this status (the machine's "edit"), or null; no timesheet yet is a draft to be. */
export function statusProblem(status: TimesheetStatus | undefined): string | null {
  if (status === undefined) return null;
  const edited = transition(status, "edit");
  return edited.ok ? null : edited.reason;
}

/** Make the week writable: a draft stays, a sent-back week returns to draft. */
async function prepareWeek(tx: TenantTransaction, userId: string, weekStart: Day): Promise<string> {
  const sheet = await openTimesheet(tx, userId, weekStart);
  const edited = transition(sheet.status, "edit");
  // A week submitted meanwhile is left as it is: the entry's own write is then refused by the database.
  for (const step of edited.ok ? edited.steps : []) {
    await tx.query(sql`update timesheets set status = ${step} where company_id = ${tx.tenant.companyId} and id = ${sheet.id}`);
  }
  return sheet.id;
}

/** The database's own refusal, as a message for the person. */
export function entryRefusalMessage(error: unknown): string | null {
  if (isLockedState(error)) return "This week can't be changed any more (submitted, approved or locked). Reload the page.";
  if (isCheckViolation(error)) return "A day would have more than 24 hours. Reload the page and check the totals.";
  return null;
}

async function inSavepoint<T>(tx: TenantTransaction, work: (tx: TenantTransaction) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  const result = await attempt(tx, work);
  if (result.ok) return result;
  const message = entryRefusalMessage(result.error);
  if (message === null) throw result.error;
  return { ok: false, message };
}

// ----------------------------------------------------------------- the week grid

/** A posted cell: what was typed (empty clears it) and, when sent, the notes (else left as they are). */
export type WeekCellInput = PostedCell;

export { cellKey };

export type WeekSaveResult =
  | { ok: true; changed: number }
  | { ok: false; formError: string | null; cellErrors: Record<string, string> };


type Change =
  | { kind: "insert"; cell: WeekCellInput; minutes: number }
  | { kind: "update"; entry: TimeEntry; minutes: number; notes: string | null }
  | { kind: "delete"; entry: TimeEntry };

/**
 * Save a person's week grid as one change: every cell is checked first, and if any
 * is wrong nothing is written and each wrong cell gets its message. A cell holding
 * several entries (logged in the day view) is left alone here.
 */
export async function saveWeek(
  tx: TenantTransaction,
  input: { userId: string; weekStart: Day; cells: WeekCellInput[] },
  now = new Date(),
): Promise<WeekSaveResult> {
  const days = weekDays(input.weekStart);
  const rules = await loadLoggingRules(tx, input.userId, now);
  // A grid opened on any other day would make a second timesheet overlapping the real week.
  if (weekStartFor(rules, input.weekStart) !== input.weekStart) {
    return { ok: false, formError: "This week doesn't start on the company's first day of the week", cellErrors: {} };
  }
  const sheet = await getTimesheet(tx, input.userId, input.weekStart);
  const blocked = statusProblem(sheet?.status);
  if (blocked) return { ok: false, formError: blocked, cellErrors: {} };

  const entries = await listEntries(tx, input.userId, input.weekStart, days[6]!);
  const byCell = new Map<string, TimeEntry[]>();
  for (const entry of entries) {
    const key = cellKey(entry.projectId, entry.taskId, entry.day);
    byCell.set(key, [...(byCell.get(key) ?? []), entry]);
  }
  const cellErrors: Record<string, string> = {};
  const changes: Change[] = [];

  for (const cell of input.cells) {
    const key = cellKey(cell.projectId, cell.taskId, cell.day);
    if (!days.includes(cell.day)) {
      cellErrors[key] = "This day is not in the week";
      continue;
    }
    const existing = byCell.get(key) ?? [];
    if (existing.length > 1) continue;
    const [entry] = existing;
    const text = cell.duration.trim();
    if (text === "") {
      if (entry) changes.push({ kind: "delete", entry });
      continue;
    }
    const parsed = parseDuration(text);
    if (!parsed.ok) {
      cellErrors[key] = parsed.message;
      continue;
    }
    const notes = cell.notes === undefined ? (entry?.notes ?? null) : cell.notes.trim() || null;
    if (entry && entry.minutes === parsed.minutes && entry.notes === notes) continue;
    if (entry) changes.push({ kind: "update", entry, minutes: parsed.minutes, notes });
    else changes.push({ kind: "insert", cell: { ...cell, notes: notes ?? undefined }, minutes: parsed.minutes });
  }

  for (const change of changes) {
    const cell = change.kind === "insert" ? change.cell : change.entry;
    const key = cellKey(cell.projectId, cell.taskId, cell.day);
    const problem = dayProblem(rules, cell.day) ?? (change.kind === "insert" ? projectProblem(rules, cell.projectId, cell.taskId) : null);
    if (problem) cellErrors[key] = problem;
  }

  // The 24-hour rule over the week as it would be after the save.
  const minutesByDay = new Map<Day, number>();
  const removed = new Set(changes.flatMap((change) => (change.kind === "insert" ? [] : [change.entry.id])));
  for (const entry of entries) {
    if (!removed.has(entry.id)) minutesByDay.set(entry.day, (minutesByDay.get(entry.day) ?? 0) + entry.minutes);
  }
  for (const change of changes) {
    if (change.kind === "delete") continue;
    const day = change.kind === "insert" ? change.cell.day : change.entry.day;
    minutesByDay.set(day, (minutesByDay.get(day) ?? 0) + change.minutes);
  }
  for (const change of changes) {
    if (change.kind === "delete") continue;
    const cell = change.kind === "insert" ? change.cell : change.entry;
    const problem = dayLimitProblem(minutesByDay.get(cell.day) ?? 0);
    if (problem) cellErrors[cellKey(cell.projectId, cell.taskId, cell.day)] ??= problem;
  }

  if (Object.keys(cellErrors).length > 0) return { ok: false, formError: null, cellErrors };
  if (changes.length === 0) return { ok: true, changed: 0 };

  const saved = await inSavepoint(tx, async (inner) => {
    const timesheetId = await prepareWeek(inner, input.userId, input.weekStart);
    // Deletes first, so a day's total never passes 24 hours on the way.
    const ordered = [...changes].sort((a, b) => Number(b.kind === "delete") - Number(a.kind === "delete"));
    for (const change of ordered) await applyChange(inner, rules, input.userId, timesheetId, change);
  });
  if (!saved.ok) return { ok: false, formError: saved.message, cellErrors: {} };
  return { ok: true, changed: changes.length };
}

async function applyChange(
  tx: TenantTransaction,
  rules: LoggingRules,
  userId: string,
  timesheetId: string,
  change: Change,
): Promise<void> {
  const companyId = tx.tenant.companyId;
  switch (change.kind) {
    case "delete":
      await tx.query(sql`delete from time_entries where company_id = ${companyId} and id = ${change.entry.id}`);
      return;
    case "update":
      // A typed total replaces any start and end the entry had.
      await tx.query(sql`
        update time_entries set minutes = ${change.minutes}, notes = ${change.notes}, started_at = null, ended_at = null
         where company_id = ${companyId} and id = ${change.entry.id}`);
      return;
    case "insert": {
      const { cell } = change;
      await tx.query(sql`
        insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, notes, billable)
        values (${companyId}, ${userId}, ${timesheetId}, ${cell.projectId}, ${cell.taskId}, ${cell.day}, ${change.minutes},
                ${cell.notes ?? null}, ${defaultBillable(rules, cell.projectId, cell.taskId)})`);
    }
  }
}

// ----------------------------------------------------------------- single entries (the day view, the timer)

export type EntryField = "projectId" | "taskId" | "day" | "duration" | "start" | "end" | "notes";

export type EntryResult =
  | { ok: true; id: string }
  | { ok: false; fieldErrors: Partial<Record<EntryField, string>>; formError: string | null };

export interface EntryValues {
  projectId: string;
  taskId: string | null;
  day: Day;
  minutes: number;
  /** Wall-clock times ('09:30') on the day in the company's zone, when logged as start and end. */
  span: { start: string; end: string } | null;
  notes: string | null;
  /** Undefined takes the project's and task's default. */
  billable?: boolean;
}

const refused = (fieldErrors: Partial<Record<EntryField, string>>, formError: string | null = null): EntryResult => ({
  ok: false,
  fieldErrors,
  formError,
});

/** One of the person's entries, or null when it isn't theirs to see. */
export async function getEntry(tx: TenantTransaction, userId: string, entryId: string): Promise<TimeEntry | null> {
  const [entry] = await tx.query<TimeEntry>(sql`
    select ${entryColumns} from time_entries e ${entryJoins}
     where e.company_id = ${tx.tenant.companyId} and e.user_id = ${userId} and e.id = ${entryId}`);
  return entry ?? null;
}

/** Whose an entry is, when the member may see it. */
export async function entryOwner(tx: TenantTransaction, entryId: string): Promise<string | null> {
  const [entry] = await tx.query<{ userId: string }>(sql`
    select user_id as "userId" from time_entries where company_id = ${tx.tenant.companyId} and id = ${entryId}`);
  return entry?.userId ?? null;
}

/** The status of the person's timesheet for the week holding `day` (undefined: none yet). */
export async function weekStatus(tx: TenantTransaction, userId: string, day: Day): Promise<TimesheetStatus | undefined> {
  const [sheet] = await tx.query<{ status: TimesheetStatus }>(sql`
    select s.status from timesheets s join companies c on c.id = s.company_id
     where s.company_id = ${tx.tenant.companyId} and s.user_id = ${userId}
       and s.week_start = week_start_of(${day}::date, c.week_start)`);
  return sheet?.status;
}

async function minutesLoggedOn(tx: TenantTransaction, userId: string, day: Day, except: string | null): Promise<number> {
  const [row] = await tx.query<{ minutes: number }>(sql`
    select coalesce(sum(minutes), 0)::int as minutes from time_entries
     where company_id = ${tx.tenant.companyId} and user_id = ${userId} and work_date = ${day}
       and (${except}::uuid is null or id <> ${except}::uuid)`);
  return row?.minutes ?? 0;
}

/**
 * Create an entry, or change `existing`, after the same checks the grid makes. The
 * caller has parsed the form; this decides what the company's rules allow.
 */
export async function writeEntry(
  tx: TenantTransaction,
  userId: string,
  values: EntryValues,
  existing: TimeEntry | null = null,
  now = new Date(),
): Promise<EntryResult> {
  const rules = await loadLoggingRules(tx, userId, now);
  const fieldErrors: Partial<Record<EntryField, string>> = {};
  const dayIssue = dayProblem(rules, values.day);
  if (dayIssue) fieldErrors.day = dayIssue;
  const sameProject = existing?.projectId === values.projectId && existing.taskId === values.taskId;
  const projectIssue = sameProject ? null : projectProblem(rules, values.projectId, values.taskId);
  if (projectIssue) fieldErrors[rules.projects.has(values.projectId) ? "taskId" : "projectId"] = projectIssue;
  if (Object.keys(fieldErrors).length > 0) return refused(fieldErrors);

  for (const day of existing && existing.day !== values.day ? [existing.day, values.day] : [values.day]) {
    const blocked = statusProblem(await weekStatus(tx, userId, day));
    if (blocked) return refused({}, blocked);
  }
  if (existing) {
    const oldDayIssue = dayProblem(rules, existing.day);
    if (oldDayIssue) return refused({}, oldDayIssue);
  }
  const dayTotal = (await minutesLoggedOn(tx, userId, values.day, existing?.id ?? null)) + values.minutes;
  const limit = dayLimitProblem(dayTotal);
  if (limit) return refused({ [values.span ? "end" : "duration"]: limit });

  const billable = values.billable ?? defaultBillable(rules, values.projectId, values.taskId);
  const { timezone } = rules.calendar;
  const startedAt = values.span ? sql`(${values.day}::date + ${values.span.start}::time) at time zone ${timezone}` : sql`null`;
  const endedAt = values.span ? sql`(${values.day}::date + ${values.span.end}::time) at time zone ${timezone}` : sql`null`;
  const saved = await inSavepoint(tx, async (inner) => {
    const timesheetId = await prepareWeek(inner, userId, weekStartFor(rules, values.day));
    if (existing) {
      await inner.query(sql`
        update time_entries
           set timesheet_id = ${timesheetId}, project_id = ${values.projectId}, task_id = ${values.taskId},
               work_date = ${values.day}, minutes = ${values.minutes}, notes = ${values.notes}, billable = ${billable},
               started_at = ${startedAt}, ended_at = ${endedAt}
         where company_id = ${inner.tenant.companyId} and id = ${existing.id}`);
      return existing.id;
    }
    const [row] = await inner.query<{ id: string }>(sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, notes, billable,
                                started_at, ended_at)
      values (${inner.tenant.companyId}, ${userId}, ${timesheetId}, ${values.projectId}, ${values.taskId}, ${values.day},
              ${values.minutes}, ${values.notes}, ${billable}, ${startedAt}, ${endedAt})
      returning id`);
    return row!.id;
  });
  return saved.ok ? { ok: true, id: saved.value } : refused({}, saved.message);
}

function weekStartFor(rules: LoggingRules, day: Day): Day {
  return weekStartOf(day, rules.calendar.weekStart);
}

/** Remove one of the person's entries; the same locks apply as for changing it. */
export async function deleteEntry(tx: TenantTransaction, userId: string, entry: TimeEntry, now = new Date()): Promise<EntryResult> {
  const rules = await loadLoggingRules(tx, userId, now);
  const blocked = statusProblem(await weekStatus(tx, userId, entry.day)) ?? dayProblem(rules, entry.day);
  if (blocked) return refused({}, blocked);
  const deleted = await inSavepoint(tx, (inner) =>
    inner.query(sql`delete from time_entries where company_id = ${inner.tenant.companyId} and id = ${entry.id}`),
  );
  return deleted.ok ? { ok: true, id: entry.id } : refused({}, deleted.message);
}
