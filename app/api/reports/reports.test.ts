import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { addToTeam, createClient, createEntry, createProject, createTeam, setTimesheetStatus } from "../../../db/testing/time-fixtures";
import { createCompany } from "../../../db/testing/fixtures";
import { sql } from "../../../db/sql";
import { loader as reportPage } from "~/routes/c.$company.reports.time/route";
import { apiClient, tokenFor } from "~/testing/api-harness";
import { createSignedInMembers, createTestApp, requestAs, type TestApp } from "~/testing/context";
import { bodyOf, parseCsv } from "~/testing/csv";
import type { z } from "zod";
import type { timeDetailedSchema, timeSummarySchema } from "./schemas";

/**
 * The reports over the API are the report page's: the same totals for the same
 * filters, the same rows in the JSON and the files, and the same people's time for
 * each role. A company with an owner, a manager of a team holding one employee, and
 * an employee outside it, each with time on two projects, one week approved.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let slug: string;
type Who = "owner" | "manager" | "teamEmployee" | "loneEmployee";
let people: Record<Who, TenantContext>;
let sessions: Record<Who, string>;
const tokens = {} as Record<Who, string>;
const ids = { billed: "", internal: "", team: "", approvedEntry: "" };

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const companyId = await createCompany(db, "Report API Co");
  [{ slug } = { slug: "" }] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  ({ people, tokens: sessions } = await createSignedInMembers(db, context, companyId, {
    owner: "owner",
    manager: "manager",
    teamEmployee: "employee",
    loneEmployee: "employee",
  }));
  for (const who of Object.keys(people) as Who[]) tokens[who] = (await tokenFor(context, people[who], ["reports:read"])).token;
  ids.team = await createTeam(db, companyId);
  await addToTeam(db, companyId, ids.team, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, ids.team, people.teamEmployee.userId);
  const clientId = await createClient(db, companyId, { name: "ACME, Inc." });
  ids.billed = await createProject(db, companyId, { name: "Website", clientId, hourlyRateMinor: 12050 });
  ids.internal = await createProject(db, companyId, { name: "Internal", billable: false });
  const log = (who: Who, projectId: string, day: string, minutes: number, billable = projectId === ids.billed) =>
    createEntry(db, { companyId, userId: people[who].userId, projectId, day, minutes, billable });
  await log("owner", ids.internal, "2026-11-02", 60);
  await log("manager", ids.billed, "2026-11-04", 90);
  await log("manager", ids.internal, "2026-11-04", 30);
  const approved = await log("teamEmployee", ids.billed, "2026-11-09", 125);
  await log("teamEmployee", ids.billed, "2026-11-10", 7);
  await log("teamEmployee", ids.internal, "2026-11-10", 50);
  await log("loneEmployee", ids.billed, "2026-11-30", 240);
  await log("loneEmployee", ids.internal, "2026-11-17", 15);
  await log("loneEmployee", ids.billed, "2026-12-01", 480);
  await db.query(sql`update time_entries set notes = ${'=SUM(A1) "quoted", with a comma\nand a line'} where id = ${approved.id}`);
  await setTimesheetStatus(db, approved.timesheetId, "approved");
  ids.approvedEntry = approved.id;
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const api = (who: Who, path: string, headers: Record<string, string> = {}) =>
  apiClient(context, tokens[who])("GET", path, { headers });

async function json<T>(who: Who, path: string): Promise<T> {
  const response = await api(who, path);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

type Summary = z.output<typeof timeSummarySchema>;
type Detailed = z.output<typeof timeDetailedSchema>;

const month = "from=2026-11-01&to=2026-11-30";

describe("the time report over the API", () => {
  it.each([
    ["owner", `${month}&groupBy=person`],
    ["owner", `${month}&groupBy=client&billable=billable`],
    ["manager", `${month}&groupBy=project`],
    ["owner", `${month}&groupBy=week&status=approved`],
    ["loneEmployee", `${month}&groupBy=task`],
  ] as const)("gives %s the report page's rows and totals for %s", async (who, query) => {
    const page = (await reportPage({ request: await requestAs(context, sessions[who], `/c/${slug}/reports/time?${query}`), params: { company: slug }, context })) as {
      report: { rows: unknown[]; totals: unknown };
    };
    const summary = await json<Summary>(who, `/api/v1/reports/time/summary?${query}`);
    expect(summary.rows).toEqual(page.report.rows);
    expect(summary.totals).toEqual(page.report.totals);
    expect(summary.totals.entries).toBeGreaterThan(0);
  });

  it("fills in the page's defaults: this month, by person", async () => {
    const summary = await json<Summary>("owner", "/api/v1/reports/time/summary");
    expect(summary.groupBy).toBe("person");
    expect(summary.from).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it("gives the detailed report's entries with totals that add them up, in the summary's groups", async () => {
    const detailed = await json<Detailed>("owner", `/api/v1/reports/time/detailed?${month}&groupBy=project`);
    const summary = await json<Summary>("owner", `/api/v1/reports/time/summary?${month}&groupBy=project`);
    expect(detailed.totals).toEqual(summary.totals);
    expect(detailed.entries.map((e) => e.group)).toEqual(summary.rows.flatMap((row) => Array<string>(row.entries).fill(row.label)));
    expect(detailed.entries.find((e) => e.id === ids.approvedEntry)).toMatchObject({
      projectId: ids.billed,
      status: "approved",
      rateMinor: 12050,
      amountMinor: 25104,
      minutes: 125,
    });
  });

  it("answers the detailed CSV, by Accept or format, with the JSON's entries as its rows", async () => {
    const detailed = await json<Detailed>("owner", `/api/v1/reports/time/detailed?${month}`);
    // One at a time: on PGlite a streamed answer holds the only connection until it is read.
    for (const [query, accept] of [
      ["", "application/json;q=0.5, text/csv"],
      ["&format=csv", "application/json"],
    ]) {
      const response = await api("owner", `/api/v1/reports/time/detailed?${month}${query}`, { Accept: accept! });
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="time-detailed-2026-11-01-2026-11-30.csv"');
      const [header, ...rows] = parseCsv((await bodyOf(response)).replace(/^\uFEFF/, ""));
      expect(header!.slice(0, 3)).toEqual(["Date", "Person", "Email"]);
      const column = (name: string) => header!.indexOf(name);
      expect(rows.map((row) => ({ date: row[0], email: row[column("Email")], minutes: Number(row[column("Minutes")]), notes: row[column("Notes")] }))).toEqual(
        detailed.entries.map((e) => ({
          date: e.date,
          email: e.email,
          minutes: e.minutes,
          // The file guards spreadsheets against formulas in notes; the JSON gives them as typed.
          notes: e.notes === null ? "" : /^[=+\-@]/.test(e.notes) ? `'${e.notes}` : e.notes,
        })),
      );
    }
  });

  it("answers the summary CSV with the JSON's rows and total", async () => {
    const summary = await json<Summary>("owner", `/api/v1/reports/time/summary?${month}&groupBy=client`);
    const response = await api("owner", `/api/v1/reports/time/summary?${month}&groupBy=client&format=csv`);
    const [header, ...rows] = parseCsv((await bodyOf(response)).replace(/^\uFEFF/, ""));
    expect(header).toEqual(["Client", "Hours", "Billable hours", "Minutes", "Billable minutes", "Entries"]);
    expect(rows.map((row) => [row[0], Number(row[3]), Number(row[4]), Number(row[5])])).toEqual([
      ...summary.rows.map((row) => [row.label, row.minutes, row.billableMinutes, row.entries]),
      ["Total", summary.totals.minutes, summary.totals.billableMinutes, summary.totals.entries],
    ]);
  });

  it("answers an XLSX file when asked for one", async () => {
    const response = await api("owner", `/api/v1/reports/time/summary?${month}`, {
      Accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="time-summary-2026-11-01-2026-11-30.xlsx"');
    // A ZIP archive, as every XLSX file is.
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});

describe("whose time a report holds", () => {
  const peopleIn = async (who: Who, query = "") =>
    [...new Set((await json<Detailed>(who, `/api/v1/reports/time/detailed?${month}${query}`)).entries.map((e) => e.userId))].sort();
  const idsOf = (...whos: Who[]) => whos.map((who) => people[who].userId).sort();

  it("is an employee's own time only, even when they ask for someone else's", async () => {
    expect(await peopleIn("loneEmployee")).toEqual(idsOf("loneEmployee"));
    expect(await peopleIn("loneEmployee", `&person=${people.owner.userId}`)).toEqual([]);
    const csv = await api("loneEmployee", `/api/v1/reports/time/detailed?${month}&format=csv`);
    const emails = parseCsv((await bodyOf(csv)).replace(/^\uFEFF/, "")).slice(1).map((row) => row[2]);
    const [lone] = await db.query<{ email: string }>(sql`select email from users where id = ${people.loneEmployee.userId}`);
    expect(new Set(emails)).toEqual(new Set([lone!.email]));
  });

  it("is a manager's team and their own, and everyone's for the owner", async () => {
    expect(await peopleIn("manager")).toEqual(idsOf("manager", "teamEmployee"));
    expect(await peopleIn("owner")).toEqual(idsOf("owner", "manager", "teamEmployee", "loneEmployee"));
  });

  it("refuses a filter the page refuses, with the page's message", async () => {
    const response = await api("owner", `/api/v1/reports/time/summary?${month}&team=${crypto.randomUUID()}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "invalid-input",
      errors: [{ field: "team", message: "A chosen team isn't in this company (deleted, or a link from elsewhere): choose teams from the list" }],
    });
  });
});
