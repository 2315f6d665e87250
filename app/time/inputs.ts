import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { postedCells } from "./cells";

/**
 * The time operations' inputs. The day view's forms validate with the same schemas
 * in the browser (the entry and timer forms are defined in ./entry-form, the week
 * grid's cells in ./cells).
 */
export { entryFormSchema as saveEntryInput, timerFormSchema as startTimerInput } from "./entry-form";

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
