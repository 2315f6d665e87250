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

export const timesheetDecisionInput = z.object({
  ids: z.array(z.uuid({ error: "The approval form could not be read. Reload and try again." })).min(1, "Select at least one timesheet.").max(200),
  comment: text().trim().max(2000).optional(),
});

/** Empty unlocks every day. */
export const lockInput = z.object({ lockedUntil: day("Enter the last day to lock, like 2026-10-31.").optional() });
