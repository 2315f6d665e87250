import { z } from "zod";
import { day } from "~/kernel/fields";
import { daysBetween } from "~/kernel/clock/weeks";

/**
 * The finance exports' choices, as the download link's query string: one schema
 * for the page's form and the download, so both refuse the same things with the
 * same messages.
 */
export const financeExportChoices = [
  { id: "invoices", label: "Invoices issued in the period" },
  { id: "invoice-lines", label: "Lines of the invoices issued in the period" },
  { id: "time", label: "Approved time in the period, one row per entry" },
] as const;

/** A leap year, whole: a yearly export, and a bound on what one request reads. */
export const maxExportDays = 366;

/** More rows than this and XLSX is refused: the file is built in memory, where CSV streams. */
export const maxXlsxRows = 20_000;

const period = {
  kind: z.enum(["invoices", "invoice-lines", "time"], { error: "Choose what to export" }),
  from: day(),
  to: day(),
};

function checkPeriod(value: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (value.to < value.from) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "The last day can't be before the first" });
  } else if (daysBetween(value.from, value.to) >= maxExportDays) {
    ctx.addIssue({ code: "custom", path: ["to"], message: `Choose at most ${maxExportDays} days` });
  }
}

export const financeExportSchema = z
  .object({ ...period, format: z.enum(["csv", "xlsx"], { error: "Choose CSV or XLSX" }) })
  .superRefine(checkPeriod);

/** A file prepared by the export job: always CSV, the format that streams. */
export const preparedFinanceExportSchema = z.object(period).superRefine(checkPeriod);

export type FinanceExportRequest = z.output<typeof financeExportSchema>;
