import { z } from "zod";
import { reportGroupings } from "~/reports/filter";
import { timesheetStatuses } from "~/time/timesheet-states";
import { fileMediaTypes } from "../endpoint";

const day = z.iso.date().meta({ description: "YYYY-MM-DD" });
const minutes = z.int().min(0).meta({ description: "Minutes" });

const figures = {
  minutes,
  billableMinutes: z.int().min(0).meta({ description: "Minutes of billable time" }),
  entries: z.int().min(0).meta({ description: "Time entries counted" }),
};

const reportHead = {
  from: day,
  to: day,
  groupBy: z.enum(reportGroupings),
};

const totalsSchema = z.object(figures).meta({ id: "TimeReportTotals", description: "The report's totals, in minutes" });

export const timeSummarySchema = z
  .object({
    ...reportHead,
    rows: z.array(
      z.object({
        key: z.string().nullable().meta({
          description: "The person's, project's, client's or task's id, or the week's first day; null for time without a client or a task",
        }),
        label: z.string(),
        ...figures,
      }),
    ),
    totals: totalsSchema,
  })
  .meta({ id: "TimeReportSummary", description: "A row per group, as the report page's summary; durations in minutes" });

export const timeReportEntrySchema = z
  .object({
    id: z.uuid(),
    group: z.string().meta({ description: "The label of the entry's group, as the summary names it" }),
    date: day,
    userId: z.uuid(),
    person: z.string(),
    email: z.string(),
    clientId: z.uuid().nullable(),
    client: z.string().nullable(),
    projectId: z.uuid(),
    project: z.string(),
    projectCode: z.string().nullable(),
    taskId: z.uuid().nullable(),
    task: z.string().nullable(),
    notes: z.string().nullable(),
    minutes: z.int().min(1),
    billable: z.boolean(),
    status: z.enum(timesheetStatuses).meta({ description: "Its week's timesheet status" }),
    rateMinor: z.int().nullable().meta({ description: "Per hour in `currency`'s minor units, frozen at approval; null before" }),
    amountMinor: z.int().nullable().meta({ description: "rateMinor × hours, rounded to a whole minor unit; null before approval" }),
    currency: z.string().nullable(),
  })
  .meta({ id: "TimeReportEntry" });

export const timeDetailedSchema = z
  .object({ ...reportHead, entries: z.array(timeReportEntrySchema), totals: totalsSchema })
  .meta({ id: "TimeReportDetailed", description: "Every matching entry, in the groups' order and then by day; durations in minutes" });

export const reportFileSchemas = {
  [fileMediaTypes.csv]: z.string().meta({ description: "The report page's CSV download: UTF-8 with a byte order mark" }),
  [fileMediaTypes.xlsx]: z.string().meta({ description: "The report page's XLSX download", format: "binary" }),
};
