import { definitionFromQuery, filterForPeriod, rangeDates, type RangePreset, type ReportDefinition } from "./definition";
import type { Day } from "../kernel/clock/weeks";

/**
 * The definition a page's query string stands for, if it makes a report today: the
 * same schema as the page checks the dates and filters, so what is saved opens.
 */
export function definitionToSave(
  query: string,
  preset: RangePreset,
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
