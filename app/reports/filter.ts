import { z } from "zod";
import { day } from "~/kernel/fields";
import { daysBetween, shiftDay, todayIn, type Day } from "../kernel/clock/weeks";

/**
 * The time report's filters, as the page's query string: shared by the report page
 * and its CSV download, so a link copied from one opens the same rows in the other
 * and both refuse the same things with the same messages.
 */
export const reportGroupings = ["person", "project", "client", "task", "week"] as const;
/** Summary: a row per group. Detailed: a row per entry, in the groups' order. */
export const reportKinds = ["summary", "detailed"] as const;
export const billableChoices = ["all", "billable", "non-billable"] as const;
export const statusChoices = ["all", "approved"] as const;
/** A leap year, whole: enough for yearly reports, and a bound on what one request reads. */
export const maxReportDays = 366;

export type ReportGrouping = (typeof reportGroupings)[number];
export type ReportKind = (typeof reportKinds)[number];

/** What each grouping's column is headed, on the page and in the files. */
export const groupingLabels: Record<ReportGrouping, string> = {
  person: "Person",
  project: "Project",
  client: "Client",
  task: "Task",
  week: "Week",
};

const date = day();
// More ids than any picker offers means a hand-made URL; the bound keeps the query small.
const ids = (what: string) => z.array(z.uuid({ error: `Choose ${what} from the list` })).max(200, `Choose at most 200 ${what}`);

/** Each filter on its own, as the query string names it: the public API's report parameters are these. */
export const reportFilterFields = {
  from: date,
  to: date,
  groupBy: z.enum(reportGroupings, { error: "Group by person, project, client, task or week" }),
  person: ids("people"),
  // Optional so a definition saved before teams could be chosen still reads.
  team: ids("teams").default([]),
  project: ids("projects"),
  client: ids("clients"),
  billable: z.enum(billableChoices, { error: "Choose all, billable or non-billable time" }),
  status: z.enum(statusChoices, { error: "Choose all or approved time" }),
};

export const reportFilterSchema = z
  .object(reportFilterFields)
  .superRefine((f, ctx) => {
    if (f.to < f.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must not be before the start date" });
    } else if (daysBetween(f.from, f.to) >= maxReportDays) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `Choose at most ${maxReportDays} days` });
    }
  })
  .transform((f) => ({
    from: f.from,
    to: f.to,
    groupBy: f.groupBy,
    userIds: f.person,
    teamIds: f.team,
    projectIds: f.project,
    clientIds: f.client,
    billable: f.billable,
    status: f.status,
  }));

/** What the model receives: dates inclusive, empty id lists meaning "any". */
export type ReportFilter = z.output<typeof reportFilterSchema>;

/** The form's values as submitted (unchecked), for the schema and for filling the form back in. */
export interface ReportFormValues {
  from: string;
  to: string;
  groupBy: string;
  person: string[];
  team: string[];
  project: string[];
  client: string[];
  billable: string;
  status: string;
}

/** The first and last day of the month holding `today`. */
export function monthOf(today: Day): { from: Day; to: Day } {
  const from = `${today.slice(0, 7)}-01`;
  const nextMonth = shiftDay(from, 32).slice(0, 7);
  return { from, to: shiftDay(`${nextMonth}-01`, -1) };
}

/**
 * The query string as the schema's input: repeated parameters (person=…&person=…)
 * become lists, and a missing value its default — this month (in the company's
 * timezone, which the caller's `today` is in), grouped by person, all time.
 */
export function reportFormValues(search: URLSearchParams, today: Day): ReportFormValues {
  const month = monthOf(today);
  const text = (name: string, fallback: string) => search.get(name) || fallback;
  const list = (name: string) => search.getAll(name).filter(Boolean);
  return {
    from: text("from", month.from),
    to: text("to", month.to),
    groupBy: text("groupBy", "person"),
    person: list("person"),
    team: list("team"),
    project: list("project"),
    client: list("client"),
    billable: text("billable", "all"),
    status: text("status", "all"),
  };
}

/** The report a URL asks for, with `today` read in the company's timezone. */
export function parseReportQuery(search: URLSearchParams, timeZone: string, now = new Date()) {
  const values = reportFormValues(search, todayIn(timeZone, now));
  return { values, parsed: reportFilterSchema.safeParse(values) };
}

/** Summary unless the URL asks for the detailed report; anything else reads as the summary. */
export function reportKindOf(search: URLSearchParams): ReportKind {
  return search.get("kind") === "detailed" ? "detailed" : "summary";
}

/** The query string of a filter's form values: the download link carries the page's filters. */
export function reportQueryString(values: ReportFormValues): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, item);
  }
  return search.toString();
}
