import { z } from "zod";
import { day, text } from "~/kernel/fields";
import type { Day } from "../kernel/clock/weeks";

/**
 * How the week grid names its cells in the form it posts: `cell:<project>:<task>:<day>`
 * holds the typed duration and `note:<…same key>` the entry's notes. Shared by the
 * page that renders the grid and the action that reads it back.
 */
export const cellKey = (projectId: string, taskId: string | null, day: Day) => `${projectId}:${taskId ?? ""}:${day}`;
export const rowKey = (projectId: string, taskId: string | null) => `${projectId}:${taskId ?? ""}`;

export const durationPrefix = "cell:";
export const notesPrefix = "note:";

/** A week has 7 days; 100 rows is more than anyone logs in a week, and bounds the work a post can ask for. */
export const maxCellsPerPost = 700;

const cellAddress = z.object({
  projectId: z.uuid(),
  taskId: z.uuid().nullable(),
  day: day(),
});
const cellNotes = text().max(2000).nullable();

export interface PostedCell {
  projectId: string;
  taskId: string | null;
  day: Day;
  duration: string;
  notes?: string;
}

/** The cells of a posted grid, or null when the form isn't one the grid could have sent. */
export function readPostedCells(form: FormData): PostedCell[] | null {
  const cells: PostedCell[] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(durationPrefix) || typeof value !== "string") continue;
    const key = name.slice(durationPrefix.length);
    const [projectId, taskId, day] = key.split(":");
    const address = cellAddress.safeParse({ projectId, taskId: taskId || null, day });
    if (!address.success || value.length > 20) return null;
    const notes = cellNotes.safeParse(form.get(`${notesPrefix}${key}`));
    if (!notes.success) return null;
    cells.push({ ...address.data, duration: value, ...(notes.data === null ? {} : { notes: notes.data }) });
  }
  return cells.length <= maxCellsPerPost ? cells : null;
}
