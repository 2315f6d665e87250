import { z } from "zod";
import { maxMinutesPerDay, parseDuration } from "~/kernel/clock/duration";
import { day, text } from "~/kernel/fields";
import { postedCells } from "./cells";
import { entryFormSchema, splitRowKey, timerFormSchema } from "./entry-form";

/**
 * The time operations' inputs. The day view's forms (./entry-form) post a project
 * row and a typed duration, as a person picks and types them; the operations take
 * the entry's own fields (project, task, minutes), as a program sends them, and the
 * forms are turned into those below (`entryFormInput`, `timerFormInput`).
 */

/** Whose time: absent for the member's own; another member's needs time:log-for-others. */
const personId = z.uuid().optional();

/** The week by its first day; the company's week start decides which days those are. */
export const weekInput = z.object({ personId, week: day() });

/** The grid's cells are saved before a submit, so both take them. */
export const weekCellsInput = weekInput.extend({ cells: postedCells });

/** A timer is always the member's own: stopping or discarding it names nothing. */
export const timerInput = z.object({});

export const deleteEntryInput = z.object({ personId, entryId: z.uuid() });

/**
 * A timesheet by its id: how the API names the week it moves, where the pages name it
 * by its person and first day, or by the ids ticked on the approvals page.
 */
const timesheetId = z.uuid();

const weekMessage = "Enter a date as YYYY-MM-DD";

/** Withdraw and reopen: the week page names the week, the API the timesheet. */
export const weekMoveInput = z
  .object({ personId, week: day(weekMessage).optional(), timesheetId: timesheetId.optional() })
  .refine((input) => input.week !== undefined || input.timesheetId !== undefined, { error: weekMessage, path: ["week"] });

export const sendBackCommentMessage = "Say what needs to change when sending a week back";

/** The approvals page's decision fields; the API takes one timesheet from its path and a comment. */
const timesheetDecisionFields = z.object({
  ids: z.array(z.uuid({ error: "The approval form could not be read. Reload and try again." })).min(1, "Select at least one timesheet.").max(200).optional(),
  timesheetId: timesheetId.optional(),
  comment: text().trim().max(2000).optional(),
});

export const timesheetDecisionInput = timesheetDecisionFields.refine((input) => input.ids !== undefined || input.timesheetId !== undefined, {
  error: "Select at least one timesheet.",
  path: ["ids"],
});

/** Empty (or null, from the API) unlocks every day. */
export const lockInput = z.object({ lockedUntil: day("Enter the last day to lock, like 2026-10-31.").nullish() });

// ----------------------------------------------------------------- one entry

const clockTime = z
  .string({ error: "Enter a time like 09:30" })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time like 09:30");

/**
 * An entry's fields, each optional: a change names only what changes, and
 * `entryRule` says which a new entry needs. Durations are whole minutes.
 */
export const entryFields = {
  userId: z.uuid({ error: "Name a member by their id" }).optional().meta({
    description: "Whose time: left out for the token's own person; another member's needs the role's time:log-for-others",
  }),
  projectId: z.uuid({ error: "Choose a project" }).optional(),
  taskId: z.uuid({ error: "Choose a task of the project" }).nullable().optional().meta({ description: "null for none" }),
  day: day("Enter a date like 2026-11-16").optional().meta({ description: "The day worked, YYYY-MM-DD" }),
  minutes: z
    .int({ error: "Enter the duration in whole minutes" })
    .min(1, "Enter a duration greater than zero")
    .max(maxMinutesPerDay, "A day has at most 24 hours")
    .optional()
    .meta({ description: "Time worked, in minutes; or give start and end instead" }),
  start: clockTime.optional().meta({ description: "Wall-clock start (HH:MM) on the day, in the company's time zone" }),
  end: clockTime.optional().meta({ description: "Wall-clock end (HH:MM) on the same day" }),
  notes: text().trim().max(2000, "Keep notes under 2,000 characters").nullable().optional(),
  billable: z.boolean({ error: "Use true, false or null" }).nullable().optional().meta({
    description: "null: as the project and task say (also the default for a new entry)",
  }),
};

type EntryFieldValues = { [Key in keyof typeof entryFields]?: z.output<(typeof entryFields)[Key]> };

/**
 * What a set of fields must hold together: a new entry needs a project, a day and
 * either minutes or a start and an end; a change may leave any of them out. The
 * messages are the entry form's.
 */
export function entryRule(value: EntryFieldValues, ctx: z.core.$RefinementCtx, isNew: boolean) {
  if (isNew && value.projectId === undefined) ctx.addIssue({ code: "custom", path: ["projectId"], message: "Choose a project" });
  if (isNew && value.day === undefined) ctx.addIssue({ code: "custom", path: ["day"], message: "Enter a date like 2026-11-16" });
  const span = value.start !== undefined || value.end !== undefined;
  if (value.minutes !== undefined && span) {
    ctx.addIssue({ code: "custom", path: ["minutes"], message: "Give minutes, or a start and an end, not both" });
    return;
  }
  if (value.minutes !== undefined) return;
  if (!span) {
    if (isNew) ctx.addIssue({ code: "custom", path: ["minutes"], message: "Enter a duration, or a start and an end" });
    return;
  }
  if (value.start === undefined) ctx.addIssue({ code: "custom", path: ["start"], message: "Enter when you started" });
  if (value.end === undefined) ctx.addIssue({ code: "custom", path: ["end"], message: "Enter when you finished" });
  if (value.start !== undefined && value.end !== undefined && value.end <= value.start) {
    ctx.addIssue({ code: "custom", path: ["end"], message: "The end must be after the start (on the same day)" });
  }
}

/** A new entry (no `entryId`) or a change to one: fields left out keep their value. */
export const saveEntryInput = z
  .object({ entryId: z.uuid().optional(), ...entryFields })
  .superRefine((value, ctx) => entryRule(value, ctx, value.entryId === undefined));

export type SaveEntryInput = z.output<typeof saveEntryInput>;

/** Up to 1,000 new entries, saved all together or not at all. */
export const maxBulkEntries = 1000;

export const newEntryInput = z.object(entryFields).superRefine((value, ctx) => entryRule(value, ctx, true));

export const bulkEntriesInput = z.object({
  entries: z
    .array(newEntryInput)
    .min(1, "Send at least one entry")
    .max(maxBulkEntries, `Send at most ${maxBulkEntries.toLocaleString("en")} entries at once`),
});

/** The day view's entry form as the operation's input: the picked row split, the typed duration in minutes. */
export const entryFormInput = entryFormSchema.transform(
  (form): SaveEntryInput => ({
    entryId: form.entryId,
    userId: form.personId,
    ...splitRowKey(form.row),
    day: form.day,
    // The form's own check has made sure the typed duration parses.
    ...(form.duration ? { minutes: (parseDuration(form.duration) as { minutes: number }).minutes } : { start: form.start, end: form.end }),
    notes: form.notes || null,
    billable: form.billable === "default" ? null : form.billable === "yes",
  }),
);

// ----------------------------------------------------------------- the timer

export const startTimerInput = z.object({
  projectId: z.uuid({ error: "Choose a project" }),
  taskId: z.uuid({ error: "Choose a task of the project" }).nullable().optional().meta({ description: "null for none" }),
  notes: text().trim().max(2000, "Keep notes under 2,000 characters").nullable().optional(),
});

export const timerFormInput = timerFormSchema.transform(
  (form): z.output<typeof startTimerInput> => ({ ...splitRowKey(form.row), notes: form.notes || null }),
);

/** Where the day view's forms show what the operations refuse. */
export const entryFormFields = { projectId: "row", taskId: "row", minutes: "duration", userId: "personId" };
