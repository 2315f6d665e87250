import { z } from "zod";
import { text } from "~/kernel/fields";
import { rangePresets } from "./definition";
import { reportKinds } from "./filter";

/**
 * The saved reports' and schedules' operation inputs; the pages validate their forms
 * with the same schemas in the browser. A report's filters travel as the report
 * page's query string, turned into a definition by the operation, so a saved report
 * holds exactly what the page showed.
 */
const reportId = z.uuid({ error: "Choose a report from the list" });
const name = text({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(100, "Use at most 100 characters");
const shared = z.boolean().default(false);
const range = z.enum(rangePresets, { error: "Choose a period" });
const kind = z.enum(reportKinds, { error: "Choose the summary or the detailed report" });
const query = z.string().default("");

export const saveReportInput = z.object({ name, shared, range, kind, query });
export const updateSavedReportInput = z.object({ reportId, range, kind, query });
export const renameSavedReportInput = z.object({ reportId, name, shared });
export const savedReportInput = z.object({ reportId });

/**
 * A schedule: which saved report, weekly on a weekday or monthly on a day, the hour
 * on the company's clock, and who receives it. The operation checks again what only
 * the server can know (the report and the people exist, the hour exists on every run
 * day in the company's timezone).
 */
const scheduleFields = {
  reportId: z.uuid({ error: "Choose a saved report" }),
  frequency: z.enum(["weekly", "monthly"], { error: "Choose weekly or monthly" }),
  weekday: z.number({ error: "Choose a day of the week" }).int().min(1).max(7, "Choose a day of the week").optional(),
  monthDay: z
    .number({ error: "Choose a day of the month" })
    .int()
    .min(1, "Choose a day from 1 to 28")
    .max(28, "Choose a day from 1 to 28: every month has those")
    .optional(),
  hour: z.number({ error: "Choose an hour" }).int().min(0, "Choose an hour").max(23, "Choose an hour"),
  recipientIds: z
    .array(z.uuid({ error: "Choose people from the list" }))
    .max(50, "A report goes to 50 people at most")
    .default([]),
};

type ScheduleFields = z.output<z.ZodObject<typeof scheduleFields>>;

function checkSchedule(input: ScheduleFields, ctx: z.RefinementCtx) {
  if (input.frequency === "weekly" && input.weekday === undefined) {
    ctx.addIssue({ code: "custom", path: ["weekday"], message: "Choose a day of the week" });
  }
  if (input.frequency === "monthly" && input.monthDay === undefined) {
    ctx.addIssue({ code: "custom", path: ["monthDay"], message: "Choose a day of the month" });
  }
  if (input.recipientIds.length === 0) {
    ctx.addIssue({ code: "custom", path: ["recipientIds"], message: "Choose at least one person to send the report to" });
  }
}

const scheduleId = z.uuid();

export const createScheduleInput = z.object(scheduleFields).superRefine(checkSchedule);
export const updateScheduleInput = z.object({ scheduleId, ...scheduleFields }).superRefine(checkSchedule);
export const scheduleInput = z.object({ scheduleId });

export type ScheduleValues = z.output<typeof createScheduleInput>;
