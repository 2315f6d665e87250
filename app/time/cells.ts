import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { parseDuration } from "../kernel/clock/duration";
import type { Day } from "../kernel/clock/weeks";

/**
 * How the week grid names its cells: `<project>:<task>:<day>`. The grid posts each
 * open cell as `cells.<key>.duration` (what was typed; empty clears it) and
 * `cells.<key>.notes`, so an API caller sends the same `cells` object and a refusal
 * names the cell it is about.
 */
export const cellKey = (projectId: string, taskId: string | null, day: Day) => `${projectId}:${taskId ?? ""}:${day}`;
export const rowKey = (projectId: string, taskId: string | null) => `${projectId}:${taskId ?? ""}`;

export const cellField = (key: string, part: "duration" | "notes") => `cells.${key}.${part}`;

/** The cell a field error is about, or null for an error that isn't a cell's. */
export function cellOfField(name: string): string | null {
  const [prefix, key] = name.split(".");
  return prefix === "cells" && key ? key : null;
}

/** A week has 7 days; 100 rows is more than anyone logs in a week, and bounds the work a post can ask for. */
export const maxCellsPerPost = 700;

const uuid = z.uuid();
const dayField = day();

function isCellKey(key: string): boolean {
  const [projectId, taskId, cellDay, ...rest] = key.split(":");
  return rest.length === 0 && uuid.safeParse(projectId).success && (taskId === "" || uuid.safeParse(taskId).success) && dayField.safeParse(cellDay).success;
}

// The grid isn't a Conform form, and records keep what was posted: an empty duration
// clears the cell and empty notes clear the notes, rather than reading as "not sent".
const postedCell = z.object({
  duration: z
    .string()
    .max(20)
    .superRefine((typed, ctx) => {
      if (typed.trim() === "") return;
      const parsed = parseDuration(typed);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
    }),
  /** Not sent: the notes stay as they are. */
  notes: text().max(2000).optional(),
});

export const postedCells = z
  .record(z.string().refine(isCellKey, "Not a cell of the grid"), postedCell)
  .refine((cells) => Object.keys(cells).length <= maxCellsPerPost, `A week can be saved with at most ${maxCellsPerPost} cells`)
  .default({});

export interface PostedCell {
  projectId: string;
  taskId: string | null;
  day: Day;
  duration: string;
  notes?: string;
}

/** The posted cells by their address, as the week's model takes them. */
export function cellsOf(cells: z.output<typeof postedCells>): PostedCell[] {
  return Object.entries(cells).map(([key, cell]) => {
    const [projectId = "", taskId = "", cellDay = ""] = key.split(":");
    return { projectId, taskId: taskId || null, day: cellDay, ...cell };
  });
}

/** A reply's errors split into the grid's, by cell, and the rest of the form's. */
export function gridErrors(error: Record<string, string[] | null> | null | undefined): { cells: Record<string, string>; others: string[] } {
  const cells: Record<string, string> = {};
  const others: string[] = [];
  for (const [name, messages] of Object.entries(error ?? {})) {
    const key = cellOfField(name);
    if (key) cells[key] ??= messages?.[0] ?? "";
    else others.push(...(messages ?? []));
  }
  return { cells, others };
}
