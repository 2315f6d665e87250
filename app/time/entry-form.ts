import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { parseDuration } from "../kernel/clock/duration";

/**
 * The day view's entry form, checked in the browser and again by the action: a
 * project row ("project:task"), a day, and either a duration or a start and end.
 */
const clockTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time like 09:30")
  .optional();

const uuid = z.uuid();
/** 'project:task' or 'project:' (no task), both real UUIDs, as the row pickers send. */
function isRowKey(row: string): boolean {
  const [projectId, taskId, ...rest] = row.split(":");
  return rest.length === 0 && uuid.safeParse(projectId).success && (taskId === "" || uuid.safeParse(taskId).success);
}
const rowField = z.string({ error: "Choose a project" }).refine(isRowKey, "Choose a project from the list");

export const billableChoices = [
  { id: "default", label: "As the project and task say" },
  { id: "yes", label: "Billable" },
  { id: "no", label: "Not billable" },
] as const;

export const entryFormSchema = z
  .object({
    entryId: z.uuid().optional(),
    /** Whose day: absent for the member's own. */
    personId: z.uuid().optional(),
    row: rowField,
    day: day("Enter a date like 2026-11-16"),
    duration: z.string().trim().max(20).optional(),
    start: clockTime,
    end: clockTime,
    notes: text().trim().max(2000, "Keep notes under 2,000 characters").optional(),
    billable: z.enum(billableChoices.map((choice) => choice.id)).default("default"),
  })
  .superRefine((value, ctx) => {
    if (value.duration) {
      const parsed = parseDuration(value.duration);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["duration"], message: parsed.message });
      return;
    }
    if (!value.start && !value.end) {
      ctx.addIssue({ code: "custom", path: ["duration"], message: "Enter a duration, or a start and an end" });
      return;
    }
    if (!value.start) ctx.addIssue({ code: "custom", path: ["start"], message: "Enter when you started" });
    if (!value.end) ctx.addIssue({ code: "custom", path: ["end"], message: "Enter when you finished" });
    if (value.start && value.end && value.end <= value.start) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "The end must be after the start (on the same day)" });
    }
  });

export type EntryForm = z.output<typeof entryFormSchema>;

/** Minutes between two 'HH:MM' times on one day. */
export function minutesBetween(start: string, end: string): number {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return minutes(end) - minutes(start);
}

export function splitRowKey(row: string): { projectId: string; taskId: string | null } {
  const [projectId = "", taskId = ""] = row.split(":");
  return { projectId, taskId: taskId || null };
}

export const timerFormSchema = z.object({
  row: rowField,
  notes: text().trim().max(2000, "Keep notes under 2,000 characters").optional(),
});
