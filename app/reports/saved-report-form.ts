import { z } from "zod";
import { text } from "~/kernel/fields";
import { definitionFromQuery, filterForPeriod, rangeDates, rangePresets, type ReportDefinition } from "./definition";
import { reportKinds } from "./filter";
import type { Day } from "../kernel/clock/weeks";

/**
 * The forms that save a report: a new one from the report page, an update of its
 * definition, and a rename or a change of sharing from the saved reports page. The
 * report's filters travel as the page's query string, turned into a definition
 * here so a saved report holds exactly what the page showed.
 */
const name = text({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(100, "Use at most 100 characters");
const shared = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");
const range = z.enum(rangePresets, { error: "Choose a period" });
const kind = z.enum(reportKinds, { error: "Choose the summary or the detailed report" });
const reportId = z.uuid({ error: "Choose a report from the list" });

export const createReportSchema = z.object({ intent: z.literal("create"), name, shared, range, kind, query: z.string().default("") });
export const updateReportSchema = z.object({ intent: z.literal("update"), range, kind, query: z.string().default("") });
export const renameReportSchema = z.object({ intent: z.literal("rename"), reportId, name, shared });
export const deleteReportSchema = z.object({ intent: z.literal("delete"), reportId });
export const savedReportsActionSchema = z.discriminatedUnion("intent", [createReportSchema, renameReportSchema, deleteReportSchema]);

/**
 * The definition a page's query string stands for, if it makes a report today: the
 * same schema as the page checks the dates and filters, so what is saved opens.
 */
export function definitionToSave(
  query: string,
  preset: (typeof rangePresets)[number],
  today: Day,
  weekStart: number,
): { ok: true; definition: ReportDefinition } | { ok: false; message: string } {
  const definition = definitionFromQuery(new URLSearchParams(query), preset);
  if (preset === "custom" && (!definition.from || !definition.to)) {
    return { ok: false, message: "Choose the report's dates first, or a relative period" };
  }
  const parsed = filterForPeriod(definition, rangeDates(definition, today, weekStart));
  if (!parsed.success) return { ok: false, message: "The report's filters aren't valid: correct them on the report page, then save" };
  return { ok: true, definition };
}
