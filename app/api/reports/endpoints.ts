import { z } from "zod";
import { maxReportDays, reportFilterFields } from "~/reports/filter";
import { maxDetailedEntries } from "~/reports/formats";
import type { Endpoint } from "../endpoint";
import { reportFileSchemas, timeDetailedSchema, timeSummarySchema } from "./schemas";

const f = reportFilterFields;

export const reportAnswerFormats = ["json", "csv", "xlsx"] as const;

/** The report page's filters, by the names its query string uses, each optional with the page's default. */
const reportQuery = z.object({
  from: f.from.optional().meta({ description: "First day, inclusive; the first of this month in the company's time zone when left out" }),
  to: f.to.optional().meta({ description: `Last day, inclusive; the end of this month when left out. At most ${maxReportDays} days after from` }),
  groupBy: f.groupBy.optional().meta({ description: "person when left out" }),
  person: f.person.optional().meta({ description: "Only these people's time; repeat the parameter for several" }),
  team: f.team.meta({ description: "Only the time of these teams' members; repeat the parameter for several" }),
  project: f.project.optional().meta({ description: "Only these projects; repeat the parameter for several" }),
  client: f.client.optional().meta({ description: "Only these clients' projects; repeat the parameter for several" }),
  billable: f.billable.optional().meta({ description: "all when left out" }),
  status: f.status.optional().meta({ description: "approved: only time in approved weeks; all when left out" }),
  format: z
    .enum(reportAnswerFormats, { error: "Choose json, csv or xlsx" })
    .optional()
    .meta({ description: "The answer's format; wins over Accept. Left out, Accept decides, and JSON when it names neither file" }),
});

const scoping =
  "Over the time the token's person may see, as on the report page: an employee's own, a manager's teams' and their own, everyone's for owners, admins and finance. " +
  "An id in a filter that isn't in the company is a 400; someone whose time the person can't see just adds nothing.";
const files =
  "`Accept: text/csv` or the XLSX media type (or `format=csv|xlsx`) answers the report page's download of the same report instead.";

export const reportEndpoints = {
  getTimeReportSummary: {
    method: "get",
    path: "/api/v1/reports/time/summary",
    operationId: "getTimeReportSummary",
    tag: "Reports",
    summary: "The time report's summary",
    description: `Minutes in a date range, a row per person, project, client, task or week. ${scoping} ${files}`,
    permission: "report:view",
    query: reportQuery,
    success: { status: 200, description: "The summary", schema: timeSummarySchema, mediaTypes: reportFileSchemas },
  },
  getTimeReportDetailed: {
    method: "get",
    path: "/api/v1/reports/time/detailed",
    operationId: "getTimeReportDetailed",
    tag: "Reports",
    summary: "The detailed time report: every entry",
    description:
      `Every matching entry, in the groups' order and then by day, with the totals. ${scoping} ` +
      "Not paged: the JSON and the CSV are streamed from one snapshot, so they are the report as of one instant however large. " +
      `${files} An XLSX file holds at most ${maxDetailedEntries.xlsx.toLocaleString("en-US")} entries; a larger one is refused with 422.`,
    permission: "report:view",
    query: reportQuery,
    success: { status: 200, description: "The entries and their totals", schema: timeDetailedSchema, mediaTypes: reportFileSchemas },
    rules: true,
  },
} as const satisfies Record<string, Endpoint>;
