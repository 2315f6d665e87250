import { describe, expect, it } from "vitest";
import { monthOf, parseReportQuery, reportFilterSchema, reportKindOf, reportQueryString } from "./filter";

const query = (text: string) => parseReportQuery(new URLSearchParams(text), "Pacific/Auckland");
const issuesOf = (text: string) => {
  const { parsed } = query(text);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
};

describe("the time report's filter", () => {
  it("defaults to this month in the company's timezone, by person, all time", () => {
    // 2026-02-28 23:30 UTC is already 1 March in Auckland.
    const now = new Date("2026-02-28T23:30:00Z");
    const { values } = parseReportQuery(new URLSearchParams(), "Pacific/Auckland", now);
    expect(values).toEqual({
      from: "2026-03-01", to: "2026-03-31", groupBy: "person", person: [], team: [], project: [], client: [], billable: "all", status: "all",
    });
  });

  it.each([
    ["2026-02-14", { from: "2026-02-01", to: "2026-02-28" }],
    ["2028-02-29", { from: "2028-02-01", to: "2028-02-29" }],
    ["2026-12-31", { from: "2026-12-01", to: "2026-12-31" }],
    ["2026-01-01", { from: "2026-01-01", to: "2026-01-31" }],
  ])("knows the month of %s", (day, month) => {
    expect(monthOf(day)).toEqual(month);
  });

  it("takes repeated ids as lists, for the model's names", () => {
    const [a, b] = ["0b7d1a8e-5a51-4a7e-9c64-3f0f0c1d2e3f", "1c8e2b9f-6b62-4b8f-8d75-4a1a1d2e3f40"];
    const { parsed } = query(`from=2026-01-01&to=2026-01-31&person=${a}&person=${b}&client=${a}&groupBy=client&billable=billable&status=approved`);
    expect(parsed.data).toEqual({
      from: "2026-01-01", to: "2026-01-31", groupBy: "client", userIds: [a, b], teamIds: [], projectIds: [], clientIds: [a], billable: "billable", status: "approved",
    });
  });

  it("puts the message for an end before the start on `to`", () => {
    expect(issuesOf("from=2026-03-10&to=2026-03-09")).toEqual([{ path: "to", message: "The end date must not be before the start date" }]);
  });

  it("allows a whole leap year, and no more", () => {
    expect(issuesOf("from=2028-01-01&to=2028-12-31")).toEqual([]);
    expect(issuesOf("from=2028-01-01&to=2029-01-01")).toEqual([{ path: "to", message: "Choose at most 366 days" }]);
  });

  it.each([
    ["from=2026-02-30", "from", "Enter a date as YYYY-MM-DD"],
    ["groupBy=day", "groupBy", "Group by person, project, client, task or week"],
    ["team=not-a-uuid", "team", "Choose teams from the list"],
    ["billable=maybe", "billable", "Choose all, billable or non-billable time"],
    ["status=draft", "status", "Choose all or approved time"],
    ["project=not-a-uuid", "project", "Choose projects from the list"],
  ])("refuses %s with a message on its field", (text, field, message) => {
    expect(issuesOf(text)).toEqual([expect.objectContaining({ message })]);
    expect(issuesOf(text)[0]!.path.split(".")[0]).toBe(field);
  });

  it("takes teams, and reads a saved definition from before teams as none chosen", () => {
    const team = "0b7d1a8e-5a51-4a7e-9c64-3f0f0c1d2e3f";
    expect(query(`from=2026-01-01&to=2026-01-31&team=${team}&groupBy=week`).parsed.data).toMatchObject({ teamIds: [team], groupBy: "week" });
    const { team: _team, ...withoutTeams } = query("from=2026-01-01&to=2026-01-31").values;
    expect(reportFilterSchema.parse(withoutTeams).teamIds).toEqual([]);
  });

  it("reads the report's kind, the summary unless the detailed one is asked for", () => {
    expect(reportKindOf(new URLSearchParams("kind=detailed"))).toBe("detailed");
    expect(reportKindOf(new URLSearchParams("kind=other"))).toBe("summary");
    expect(reportKindOf(new URLSearchParams())).toBe("summary");
  });

  it("writes the query string the download link carries, which reads back the same", () => {
    const { values } = query("from=2026-01-01&to=2026-01-31&project=0b7d1a8e-5a51-4a7e-9c64-3f0f0c1d2e3f&billable=non-billable");
    const again = query(reportQueryString(values));
    expect(again.values).toEqual(values);
  });
});
