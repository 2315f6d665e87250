import { notFound, operation, refused, refusedFields, succeeded, type Outcome } from "~/kernel/operations";
import { parseDuration } from "~/kernel/clock/duration";
import { todayIn, weekStartOf, type Day } from "~/kernel/clock/weeks";
import type { TenantTransaction } from "../../db/tenant";
import { cellField, cellsOf } from "./cells";
import { deleteEntry, getEntry, saveWeek, writeEntry, type EntryResult, type WeekSaveResult } from "./entries.server";
import { minutesBetween, splitRowKey } from "./entry-form";
import {
  deleteEntryInput,
  lockInput,
  saveEntryInput,
  startTimerInput,
  timerInput,
  timesheetDecisionInput,
  weekCellsInput,
  weekMoveInput,
} from "./inputs";
import { getCompanyCalendar, setLockedUntil } from "./rules.server";
import { discardTimer, startTimer, stopTimer } from "./timers.server";
import { ensureTimesheet, getTimesheetById, transitionTimesheets, type TimesheetAction } from "./timesheets.server";
import { personFor, type Person } from "./whose-time.server";

// ----------------------------------------------------------------- a person's week

/** Which week of whose an operation on the week page acted on, so the page can show it again. */
export interface WeekDone {
  week: Day;
  person: Person;
}

/** A refused grid: a week that can't change is one message; wrong cells each say what is wrong. */
function weekRefusal(saved: Extract<WeekSaveResult, { ok: false }>) {
  if (saved.formError) return refused(409, saved.formError);
  const cellErrors = Object.fromEntries(Object.entries(saved.cellErrors).map(([key, message]) => [cellField(key, "duration"), message]));
  return refusedFields(422, "Some cells need attention; nothing was saved.", cellErrors);
}

/** Moves the person's week, made as an empty draft first if it has no timesheet yet (an empty week can be submitted). */
async function moveWeek(tx: TenantTransaction, person: Person, week: Day, action: TimesheetAction): Promise<Outcome<WeekDone>> {
  const timesheetId = await ensureTimesheet(tx, person.id, week);
  const moved = await transitionTimesheets(tx, { ids: [timesheetId], action });
  if (moved === null) return notFound("Timesheet");
  if (!moved.ok) return refused(moved.status, moved.message);
  return succeeded({ week, person });
}

export const saveWeekOperation = operation({
  name: "timesheet.save-week",
  permission: "time:log",
  input: weekCellsInput,
  run: async (tx, input, { member }) => {
    const person = await personFor(tx, member, input.personId);
    if (!person.ok) return person;
    const saved = await saveWeek(tx, { userId: person.value.id, weekStart: input.week, cells: cellsOf(input.cells) });
    if (!saved.ok) return weekRefusal(saved);
    return succeeded({ week: input.week, person: person.value, changed: saved.changed });
  },
});

/** Saves the grid, then submits the week; a refused submit keeps what was saved. */
export const submitWeekOperation = operation({
  name: "timesheet.submit",
  permission: "time:log",
  input: weekCellsInput,
  run: async (tx, input, context) => {
    const person = await personFor(tx, context.member, input.personId);
    if (!person.ok) return person;
    const saved = await saveWeek(tx, { userId: person.value.id, weekStart: input.week, cells: cellsOf(input.cells) });
    if (!saved.ok) return weekRefusal(saved);
    return moveWeek(tx, person.value, input.week, "submit");
  },
});

/**
 * A week is moved by its first day; any other day would make a second timesheet
 * overlapping the real week. The API names the timesheet instead: its person and week
 * then go through the same checks as the page's.
 */
function weekMove(name: string, action: "withdraw" | "reopen", permission: "time:log" | "timesheet:reopen") {
  return operation({
    name,
    permission,
    input: weekMoveInput,
    run: async (tx, input, context) => {
      const sheet = input.timesheetId ? await getTimesheetById(tx, input.timesheetId) : null;
      if (input.timesheetId && !sheet) return notFound("Timesheet");
      const person = await personFor(tx, context.member, sheet ? sheet.userId : input.personId);
      if (!person.ok) return person;
      const week = sheet ? sheet.weekStart : input.week!;
      const { weekStart } = await getCompanyCalendar(tx);
      if (weekStartOf(week, weekStart) !== week) {
        return refused(422, "That is not the first day of one of the company's weeks.", "week");
      }
      return moveWeek(tx, person.value, week, action);
    },
  });
}

/** Back to draft, to change a submitted week before anyone decides it. */
export const withdrawWeekOperation = weekMove("timesheet.withdraw", "withdraw", "time:log");

/** An approved week back to draft, unless its days are locked. */
export const reopenWeekOperation = weekMove("timesheet.reopen", "reopen", "timesheet:reopen");

// ----------------------------------------------------------------- approvals

function decide(name: string, action: "approve" | "reject") {
  return operation({
    name,
    permission: "timesheet:approve",
    input: timesheetDecisionInput,
    run: async (tx, input) => {
      const ids = [...(input.ids ?? []), ...(input.timesheetId ? [input.timesheetId] : [])];
      const decided = await transitionTimesheets(tx, { ids, action, comment: input.comment });
      if (decided === null) return notFound("Timesheet");
      return decided.ok ? succeeded({ count: decided.count }) : refused(decided.status, decided.message);
    },
  });
}

/** All the selected weeks or none; each person hears of it. */
export const approveTimesheetsOperation = decide("timesheet.approve", "approve");

/** Needs a comment saying what to change; the weeks go back to their people. */
export const sendBackTimesheetsOperation = decide("timesheet.send-back", "reject");

/** Payroll close: no one changes or submits time up to the day. None unlocks every day. */
export const lockTimeOperation = operation({
  name: "time.lock",
  permission: "time:lock",
  input: lockInput,
  run: async (tx, input) => {
    const lockedUntil = input.lockedUntil ?? null;
    const { timezone } = await getCompanyCalendar(tx);
    if (lockedUntil && lockedUntil > todayIn(timezone)) return refused(422, "Lock up to today at the latest.", "lockedUntil");
    await setLockedUntil(tx, lockedUntil);
    return succeeded({ lockedUntil });
  },
});

// ----------------------------------------------------------------- single entries (the day view)

/** The model's field names, as the entry form names them (project and task are one "row" picker). */
function entryRefusal(result: Extract<EntryResult, { ok: false }>) {
  if (result.formError) return refused(409, result.formError);
  const fieldErrors = Object.fromEntries(
    Object.entries(result.fieldErrors).map(([field, message]) => [field === "projectId" || field === "taskId" ? "row" : field, message]),
  );
  return refusedFields(422, Object.values(fieldErrors).join(" "), fieldErrors);
}

export const saveEntryOperation = operation({
  name: "time-entry.save",
  permission: "time:log",
  input: saveEntryInput,
  run: async (tx, input, { member }) => {
    const person = await personFor(tx, member, input.personId);
    if (!person.ok) return person;
    const existing = input.entryId ? await getEntry(tx, person.value.id, input.entryId) : null;
    if (input.entryId && !existing) return notFound("Entry");
    // The schema has made sure of a valid duration, or of a start before an end.
    const span = input.duration ? null : { start: input.start!, end: input.end! };
    const typed = input.duration ? parseDuration(input.duration) : null;
    const minutes = typed?.ok ? typed.minutes : minutesBetween(span!.start, span!.end);
    const billable = input.billable === "default" ? undefined : input.billable === "yes";
    const values = { ...splitRowKey(input.row), day: input.day, minutes, span, notes: input.notes || null, billable };
    const written = await writeEntry(tx, person.value.id, values, existing);
    if (!written.ok) return entryRefusal(written);
    return succeeded({ day: input.day, person: person.value, added: existing === null });
  },
});

export const deleteEntryOperation = operation({
  name: "time-entry.delete",
  permission: "time:log",
  input: deleteEntryInput,
  run: async (tx, input, { member }) => {
    const person = await personFor(tx, member, input.personId);
    if (!person.ok) return person;
    const entry = await getEntry(tx, person.value.id, input.entryId);
    if (!entry) return notFound("Entry");
    const deleted = await deleteEntry(tx, person.value.id, entry);
    return deleted.ok ? succeeded({ day: entry.day, person: person.value }) : refused(409, deleted.formError ?? "This entry can't be deleted.");
  },
});

// ----------------------------------------------------------------- the timer (always the member's own)

/** With a timer running, this saves it first and starts the new one: switching projects. */
export const startTimerOperation = operation({
  name: "timer.start",
  permission: "time:log",
  input: startTimerInput,
  run: async (tx, input) => {
    const started = await startTimer(tx, { ...splitRowKey(input.row), notes: input.notes || null });
    if (started.ok) return succeeded({});
    if (started.formError) return refused(409, started.formError);
    return refused(422, Object.values(started.fieldErrors)[0] ?? "The timer could not start.", "row");
  },
});

/** Saves the running timer as an entry; nothing running is not an error. A refused entry leaves it running. */
export const stopTimerOperation = operation({
  name: "timer.stop",
  permission: "time:log",
  input: timerInput,
  run: async (tx) => {
    const stopped = await stopTimer(tx);
    if (stopped && !stopped.ok) return refused(409, stopped.formError ?? "The timer could not be stopped.");
    return succeeded({ stopped: stopped !== null });
  },
});

export const discardTimerOperation = operation({
  name: "timer.discard",
  permission: "time:log",
  input: timerInput,
  run: async (tx) => succeeded({ discarded: await discardTimer(tx) }),
});
