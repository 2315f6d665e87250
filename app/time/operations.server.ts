import type { Member } from "~/kernel/accounts/session.server";
import { notFound, operation, refused, refusedFields, succeeded, type Outcome } from "~/kernel/operations";
import { can } from "~/kernel/permissions";
import { todayIn, weekStartOf, type Day } from "~/kernel/clock/weeks";
import type { TenantTransaction } from "../../db/tenant";
import { cellField, cellsOf } from "./cells";
import { insertEntries } from "./bulk-entries.server";
import { deleteEntry, entryOwner, getEntry, saveWeek, writeEntry, type EntryResult, type TimeEntry, type WeekSaveResult } from "./entries.server";
import { minutesBetween } from "./entry-form";
import {
  bulkEntriesInput,
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
import { discardTimer, startTimer, stopTimer, type TimerStart } from "./timers.server";
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

// ----------------------------------------------------------------- single entries (the day view, the API)

/** The entry's fields as the operations' input names them (the day view's form maps them to its own, `entryFormFields`). */
function entryRefusal(result: Extract<EntryResult, { ok: false }>) {
  // What a week's status, the lock or the database refuses is a rule of the whole entry.
  if (result.formError) return refused(422, result.formError);
  const fieldErrors = Object.fromEntries(
    Object.entries(result.fieldErrors).map(([field, message]) => [field === "duration" ? "minutes" : field, message]),
  );
  return refusedFields(422, Object.values(fieldErrors).join(" "), fieldErrors);
}

/**
 * Whose entry this is and the entry itself: a new one is the named person's (or the
 * member's own); a change is to the entry's person, whom the member must be allowed
 * to log time for. One the member can't see is not found.
 */
async function whoseEntry(
  tx: TenantTransaction,
  member: Member,
  entryId: string | undefined,
  userId: string | undefined,
): Promise<Outcome<{ person: Person; existing: TimeEntry | null }>> {
  if (!entryId) {
    const person = await personFor(tx, member, userId);
    if (person.ok) return succeeded({ person: person.value, existing: null });
    // The person is a field of the new entry, not the thing acted on.
    return person.status === 404 ? refused(422, "No active member has this id", "userId") : person;
  }
  const owner = await entryOwner(tx, entryId);
  if (!owner || (userId && userId !== owner)) return notFound("Entry");
  const person = await personFor(tx, member, owner);
  if (!person.ok) return person;
  const existing = await getEntry(tx, owner, entryId);
  return existing ? succeeded({ person: person.value, existing }) : notFound("Entry");
}

/** 'HH:MM' in the company's zone, as the times were typed. */
const clockTime = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);

/** A new entry, or a change to one: what the input leaves out keeps its value (a new entry's billable: the project's and task's). */
export const saveEntryOperation = operation({
  name: "time-entry.save",
  permission: "time:log",
  input: saveEntryInput,
  run: async (tx, input, { member }) => {
    const whose = await whoseEntry(tx, member, input.entryId, input.userId);
    if (!whose.ok) return whose;
    const { person, existing } = whose.value;
    // The schema has made sure a new entry names its project, day and duration.
    const projectId = input.projectId ?? existing!.projectId;
    const taskId = input.taskId !== undefined ? input.taskId : input.projectId !== undefined ? null : existing!.taskId;
    let span: { start: string; end: string } | null = null;
    let minutes: number;
    if (input.start && input.end) {
      span = { start: input.start, end: input.end };
      minutes = minutesBetween(span.start, span.end);
    } else if (input.minutes !== undefined) {
      // A typed total replaces any start and end the entry had.
      minutes = input.minutes;
    } else {
      minutes = existing!.minutes;
      if (existing!.startedAt && existing!.endedAt) {
        const { timezone } = await getCompanyCalendar(tx);
        span = { start: clockTime(existing!.startedAt, timezone), end: clockTime(existing!.endedAt, timezone) };
      }
    }
    const values = {
      projectId,
      taskId,
      day: input.day ?? existing!.day,
      minutes,
      span,
      notes: input.notes !== undefined ? input.notes || null : (existing?.notes ?? null),
      billable: input.billable !== undefined ? (input.billable ?? undefined) : existing?.billable,
    };
    const written = await writeEntry(tx, person.id, values, existing);
    if (!written.ok) return entryRefusal(written);
    return succeeded({ id: written.id, day: values.day, person, added: existing === null });
  },
});

/** Takes the entry's person from the entry, so a program need only name the entry. */
export const deleteEntryOperation = operation({
  name: "time-entry.delete",
  permission: "time:log",
  input: deleteEntryInput,
  run: async (tx, input, { member }) => {
    const whose = await whoseEntry(tx, member, input.entryId, input.personId);
    if (!whose.ok) return whose;
    const { person, existing } = whose.value;
    const deleted = await deleteEntry(tx, person.id, existing!);
    return deleted.ok ? succeeded({ day: existing!.day, person }) : refused(422, deleted.formError ?? "This entry can't be deleted.");
  },
});

/**
 * Up to 1,000 new entries, all or none: each is checked by the day view's rules and
 * every entry that breaks one is named (`entries.<index>.<field>`); then they go in
 * together, each audited as a saved week's entries are.
 */
export const bulkCreateEntriesOperation = operation({
  name: "time-entry.bulk-create",
  permission: "time:log",
  input: bulkEntriesInput,
  run: async (tx, input, { member }) => {
    const others = input.entries.some((entry) => entry.userId && entry.userId !== member.user.id);
    if (others && !can(member.company.role, "time:log-for-others")) return refused(403, "Your role doesn't allow you to log time for others");
    const entries = input.entries.map((entry) => {
      // The schema has made sure each names its project, day and duration.
      const span = entry.start && entry.end ? { start: entry.start, end: entry.end } : null;
      return {
        userId: entry.userId ?? member.user.id,
        projectId: entry.projectId!,
        taskId: entry.taskId ?? null,
        day: entry.day!,
        minutes: span ? minutesBetween(span.start, span.end) : entry.minutes!,
        span,
        notes: entry.notes || null,
        billable: entry.billable ?? undefined,
      };
    });
    const inserted = await insertEntries(tx, entries);
    if (inserted.ok) return succeeded({ ids: inserted.ids });
    if (inserted.formError) return refused(422, inserted.formError);
    const fieldErrors = Object.fromEntries(
      Object.entries(inserted.itemErrors).flatMap(([index, errors]) =>
        Object.entries(errors).map(([field, message]) => [`entries.${index}.${field === "duration" ? "minutes" : field}`, message]),
      ),
    );
    const count = Object.keys(inserted.itemErrors).length;
    return refusedFields(422, `${count} ${count === 1 ? "entry breaks" : "entries break"} a rule; nothing was saved.`, fieldErrors);
  },
});

// ----------------------------------------------------------------- the timer (always the member's own)

function timerRefusal(started: Extract<TimerStart, { ok: false }>) {
  if ("running" in started) return refused(409, "A timer is already running: stop it first, or switch to the new project.");
  if (started.formError) return refused(422, started.formError);
  const [field, message] = Object.entries(started.fieldErrors)[0] ?? ["projectId", "The timer could not start."];
  return refused(422, message, field);
}

/** Starts a timer when none runs; with one running it is refused (switching is its own operation). */
export const startTimerOperation = operation({
  name: "timer.start",
  permission: "time:log",
  input: startTimerInput,
  run: async (tx, input) => {
    const started = await startTimer(tx, { projectId: input.projectId, taskId: input.taskId ?? null, notes: input.notes || null }, { replace: false });
    return started.ok ? succeeded({ stoppedEntryId: null }) : timerRefusal(started);
  },
});

/** Saves the running timer (if any) as an entry and starts the new one, in one transaction: a refused save changes nothing. */
export const switchTimerOperation = operation({
  name: "timer.switch",
  permission: "time:log",
  input: startTimerInput,
  run: async (tx, input) => {
    const started = await startTimer(tx, { projectId: input.projectId, taskId: input.taskId ?? null, notes: input.notes || null }, { replace: true });
    return started.ok ? succeeded({ stoppedEntryId: started.stoppedEntryId }) : timerRefusal(started);
  },
});

/** Saves the running timer as an entry; nothing running is not an error. A refused entry leaves it running. */
export const stopTimerOperation = operation({
  name: "timer.stop",
  permission: "time:log",
  input: timerInput,
  run: async (tx) => {
    const stopped = await stopTimer(tx);
    if (stopped && !stopped.ok) return refused(422, stopped.formError ?? "The timer could not be stopped.");
    return succeeded({ stopped: stopped !== null, entryId: stopped?.id ?? null });
  },
});

export const discardTimerOperation = operation({
  name: "timer.discard",
  permission: "time:log",
  input: timerInput,
  run: async (tx) => succeeded({ discarded: await discardTimer(tx) }),
});
