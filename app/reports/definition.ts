import { z } from "zod";
import { day } from "~/kernel/fields";
import { reportFilterSchema, reportFormValues, monthOf, type ReportFilter, type ReportFormValues } from "./filter";
import { shiftDay, weekStartOf, type Day } from "../kernel/clock/weeks";

/**
 * A saved report's definition, as stored in saved_reports.definition: the report
 * form's values without its dates, plus the range it covers. A range is relative
 * ("last month") so a saved report stays useful; a schedule replaces it with the
 * period just ended. Dates are checked when the report runs, by the same schema
 * the page uses, so a saved report and a URL refuse the same things.
 */
export const rangePresets = ["this-week", "last-week", "this-month", "last-month", "last-30-days", "custom"] as const;
export type RangePreset = (typeof rangePresets)[number];

export const rangeLabels: Record<RangePreset, string> = {
  "this-week": "This week",
  "last-week": "Last week",
  "this-month": "This month",
  "last-month": "Last month",
  "last-30-days": "The last 30 days",
  custom: "These dates",
};

const date = day();

export const reportDefinitionSchema = z
  .object({
    range: z.enum(rangePresets, { error: "Choose a period" }),
    // Only for a custom range.
    from: date.optional(),
    to: date.optional(),
    // Every other form value, as the query string names it ("groupBy", "person", …).
    values: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  })
  .superRefine((d, ctx) => {
    if (d.range === "custom" && (!d.from || !d.to)) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "A custom range needs a start and an end date" });
    }
  });

export type ReportDefinition = z.output<typeof reportDefinitionSchema>;

/** Whether a `saved` parameter could name a saved report at all (anything else is ignored, not looked up). */
export const isSavedReportId = (text: string | null): text is string => text !== null && z.uuid().safeParse(text).success;

/** The dates a relative range covers on `today` (in the company's timezone, weeks starting on its day). */
export function rangeDates(definition: ReportDefinition, today: Day, weekStart: number): { from: Day; to: Day } {
  const week = weekStartOf(today, weekStart);
  switch (definition.range) {
    case "this-week":
      return { from: week, to: shiftDay(week, 6) };
    case "last-week":
      return { from: shiftDay(week, -7), to: shiftDay(week, -1) };
    case "this-month":
      return monthOf(today);
    case "last-month":
      return monthOf(shiftDay(monthOf(today).from, -1));
    case "last-30-days":
      return { from: shiftDay(today, -29), to: today };
    case "custom":
      return { from: definition.from!, to: definition.to! };
  }
}

/** The form values a definition stands for over `period`, defaults filled in as a bare URL would. */
export function formValuesFor(definition: ReportDefinition, period: { from: Day; to: Day }): ReportFormValues {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(definition.values)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, item);
  }
  search.set("from", period.from);
  search.set("to", period.to);
  return reportFormValues(search, period.to);
}

/** The filter a definition runs with over `period` (a schedule's period, or its own range). */
export function filterForPeriod(definition: ReportDefinition, period: { from: Day; to: Day }) {
  return reportFilterSchema.safeParse(formValuesFor(definition, period)) as z.ZodSafeParseResult<ReportFilter>;
}

/** Query-string names that say which report page is shown, not what the report holds. */
const pageOnlyNames = new Set(["from", "to", "kind", "page", "saved", "format"]);

/** The definition of the report a page's query string shows, over `range` (its own dates when custom). */
export function definitionFromQuery(search: URLSearchParams, range: RangePreset): ReportDefinition {
  const values: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    if (pageOnlyNames.has(name)) continue;
    const all = search.getAll(name).filter(Boolean);
    if (all.length > 0) values[name] = all.length === 1 && !["person", "team", "project", "client"].includes(name) ? all[0]! : all;
  }
  return range === "custom" ? { range, from: search.get("from") ?? undefined, to: search.get("to") ?? undefined, values } : { range, values };
}

/** The relative range a page's dates are on `today`, or custom: what the save form offers first. */
export function presetOf(period: { from: Day; to: Day }, today: Day, weekStart: number): RangePreset {
  const match = rangePresets.find((range) => {
    if (range === "custom") return false;
    const dates = rangeDates({ range, values: {} }, today, weekStart);
    return dates.from === period.from && dates.to === period.to;
  });
  return match ?? "custom";
}
