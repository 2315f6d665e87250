import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SqlFragment } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { bodyOf, parseCsv } from "~/testing/csv";
import { loader as pageLoader } from "~/routes/c.$company.reports.time/route";
import { loader as exportLoader } from "~/routes/c.$company.reports.time.export";
import { reportFilterSchema, type ReportFilter } from "./filter";
import { readXlsx } from "~/testing/xlsx";
import { extractText, getDocumentProxy } from "unpdf";
import { maxDetailedEntries } from "./formats";
import { buildReportFile } from "./exports.server";
import { createSavedReport } from "./saved-reports.server";
import { listReportPeople, listReportTeams, minorToDecimal, reportCsvChunks, summarizeTime } from "./time-report.server";

/**
 * The time report against a small company: an owner, finance, a manager of a team
 * holding one employee, and an employee outside it, each with time on three
 * projects (two of one client, one without a client), one week approved.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let companyId: string;
let slug: string;
const people: Record<"owner" | "admin" | "finance" | "manager" | "teamEmployee" | "loneEmployee", TenantContext> = {} as never;
const tokens: Partial<Record<keyof typeof people, string>> = {};
const ids = { client: "", billedProject: "", otherProject: "", internalProject: "", task: "", team: "" };
// Commas, quotes and a line break inside one field; and a cell a spreadsheet would run.
const awkwardNote = 'Call with "ACME", re: invoice\nsecond line';
const formulaNote = "=HYPERLINK(\"http://evil.example\")";

async function logTime(who: TenantContext, projectId: string, day: string, minutes: number, billable: boolean, notes: string | null = null) {
  await db.query(sql`
    with sheet as (
      insert into timesheets (company_id, user_id, week_start)
      values (${companyId}, ${who.userId}, week_start_of(${day}::date, (select week_start from companies where id = ${companyId})))
      on conflict (company_id, user_id, week_start) do update set week_start = excluded.week_start
      returning id
    )
    insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, billable, notes)
    select ${companyId}, ${who.userId}, sheet.id, ${projectId}, ${projectId === ids.billedProject ? ids.task : null},
           ${day}::date, ${minutes}, ${billable}, ${notes}
      from sheet`);
}

const range = { from: "2026-11-01", to: "2026-11-30" };
function filterOf(overrides: Record<string, unknown> = {}): ReportFilter {
  return reportFilterSchema.parse({
    ...range, groupBy: "person", person: [], project: [], client: [], billable: "all", status: "all", ...overrides,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  companyId = await createCompany(db, "Report Co");
  [{ slug } = { slug: "" }] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  const members = await createSignedInMembers(db, context, companyId, {
    owner: "owner",
    admin: "admin",
    finance: "finance",
    manager: "manager",
    teamEmployee: "employee",
    loneEmployee: "employee",
  });
  Object.assign(people, members.people);
  Object.assign(tokens, members.tokens);
  const [team] = await db.query<{ id: string }>(sql`insert into teams (company_id, name) values (${companyId}, 'Delivery') returning id`);
  await db.query(sql`
    insert into team_members (company_id, team_id, user_id, is_manager)
    values (${companyId}, ${team!.id}, ${people.manager.userId}, true), (${companyId}, ${team!.id}, ${people.teamEmployee.userId}, false)`);
  ids.team = team!.id;

  const [made] = await db.query<typeof ids>(sql`
    with client as (
      insert into clients (company_id, name, currency, hourly_rate_minor) values (${companyId}, 'ACME, Inc.', 'EUR', 9000) returning id
    ), billed as (
      insert into projects (company_id, name, code, client_id, hourly_rate_minor)
      select ${companyId}, 'Website', 'WEB-1', id, 12050 from client returning id
    ), other as (
      insert into projects (company_id, name, client_id) select ${companyId}, 'Support', id from client returning id
    ), internal as (
      insert into projects (company_id, name) values (${companyId}, 'Internal') returning id
    ), task as (
      insert into tasks (company_id, project_id, name) select ${companyId}, id, 'Design' from billed returning id
    )
    select client.id as client, billed.id as "billedProject", other.id as "otherProject", internal.id as "internalProject", task.id as task
      from client, billed, other, internal, task`);
  Object.assign(ids, made, { team: ids.team });

  await logTime(people.owner, ids.internalProject, "2026-11-02", 60, false);
  await logTime(people.finance, ids.otherProject, "2026-11-03", 45, true, "-2 fix, in =cell");
  await logTime(people.manager, ids.billedProject, "2026-11-04", 90, true, awkwardNote);
  await logTime(people.manager, ids.internalProject, "2026-11-04", 30, false);
  await logTime(people.teamEmployee, ids.billedProject, "2026-11-09", 125, true, formulaNote);
  await logTime(people.teamEmployee, ids.billedProject, "2026-11-10", 7, true);
  await logTime(people.teamEmployee, ids.otherProject, "2026-11-10", 50, false);
  await logTime(people.loneEmployee, ids.otherProject, "2026-11-30", 240, true, "Müller's review");
  await logTime(people.loneEmployee, ids.internalProject, "2026-11-17", 15, false);
  // Outside the range, on both sides.
  await logTime(people.loneEmployee, ids.billedProject, "2026-10-31", 480, true);
  await logTime(people.teamEmployee, ids.billedProject, "2026-12-01", 480, true);
  // The team employee's week of 9 November is approved by their manager: its rates are frozen.
  await db.query(sql`update timesheets set status = 'submitted' where user_id = ${people.teamEmployee.userId} and week_start = '2026-11-09'`);
  await withTenant(db, people.manager, (tx) =>
    tx.query(sql`update timesheets set status = 'approved' where user_id = ${people.teamEmployee.userId} and week_start = '2026-11-09'`),
  );
});

afterAll(async () => {
  await app.close();
  await db.close();
});

/** Sums straight from the tables, as the owner connection (no RLS), for a filter's conditions. */
async function directTotals(where: SqlFragment) {
  const [row] = await db.query<{ minutes: number; billable: number; entries: number }>(sql`
    select coalesce(sum(e.minutes), 0)::int as minutes, coalesce(sum(e.minutes) filter (where e.billable), 0)::int as billable,
           count(*)::int as entries
      from time_entries e join projects p on p.id = e.project_id join timesheets ts on ts.id = e.timesheet_id
     where e.company_id = ${companyId} and e.work_date between ${range.from} and ${range.to} and ${where}`);
  return { minutes: row!.minutes, billableMinutes: row!.billable, entries: row!.entries };
}

describe("summarizeTime", () => {
  // Cases are functions: the ids exist only once beforeAll has run.
  it.each<[string, () => { filter: Record<string, unknown>; where: SqlFragment }]>([
    ["everything", () => ({ filter: {}, where: sql`true` })],
    ["billable only", () => ({ filter: { billable: "billable" }, where: sql`e.billable` })],
    ["non-billable only", () => ({ filter: { billable: "non-billable" }, where: sql`not e.billable` })],
    ["approved weeks", () => ({ filter: { status: "approved" }, where: sql`ts.status = 'approved'` })],
    ["one project", () => ({ filter: { project: [ids.billedProject] }, where: sql`e.project_id = ${ids.billedProject}` })],
    ["one client, by client", () => ({ filter: { client: [ids.client], groupBy: "client" }, where: sql`p.client_id = ${ids.client}` })],
    [
      "one team, by task",
      () => ({
        filter: { team: [ids.team], groupBy: "task" },
        where: sql`e.user_id in (select user_id from team_members where team_id = ${ids.team})`,
      }),
    ],
    [
      "two people, by project",
      () => {
        const two = [people.manager.userId, people.loneEmployee.userId];
        return { filter: { person: two, groupBy: "project" }, where: sql`e.user_id = any(${two}::uuid[])` };
      },
    ],
  ])("totals equal a direct sum: %s", async (_name, make) => {
    const { filter, where } = make();
    const report = await withTenant(db, people.finance, (tx) => summarizeTime(tx, filterOf(filter)));
    const expected = await directTotals(where);
    expect(expected.entries).toBeGreaterThan(0);
    expect(report.totals).toEqual(expected);
    expect(report.rows.reduce((sum, row) => sum + row.minutes, 0)).toBe(expected.minutes);
  });

  it("groups by client, with a row for projects without a client", async () => {
    const report = await withTenant(db, people.owner, (tx) => summarizeTime(tx, filterOf({ groupBy: "client" })));
    expect(report.rows).toEqual([
      { key: ids.client, label: "ACME, Inc.", minutes: 45 + 90 + 125 + 7 + 50 + 240, billableMinutes: 45 + 90 + 125 + 7 + 240, entries: 6 },
      { key: null, label: "No client", minutes: 60 + 30 + 15, billableMinutes: 0, entries: 3 },
    ]);
  });

  it("groups by task, naming the task's project, with a row for time without a task", async () => {
    const report = await withTenant(db, people.owner, (tx) => summarizeTime(tx, filterOf({ groupBy: "task" })));
    expect(report.rows.map(({ key, label, minutes }) => ({ key, label, minutes }))).toEqual([
      { key: ids.task, label: "Design · Website", minutes: 90 + 125 + 7 },
      { key: null, label: "No task", minutes: 60 + 45 + 30 + 50 + 240 + 15 },
    ]);
  });

  it("groups by the company's weeks, in calendar order", async () => {
    const report = await withTenant(db, people.owner, (tx) => summarizeTime(tx, filterOf({ groupBy: "week" })));
    expect(report.rows.map(({ key, minutes }) => [key, minutes])).toEqual([
      ["2026-11-02", 60 + 45 + 90 + 30],
      ["2026-11-09", 125 + 7 + 50],
      ["2026-11-16", 15],
      ["2026-11-30", 240],
    ]);
  });

  it("labels projects with their code", async () => {
    const report = await withTenant(db, people.owner, (tx) => summarizeTime(tx, filterOf({ groupBy: "project" })));
    expect(report.rows.map((row) => row.label)).toEqual(["Internal", "Support", "Website (WEB-1)"]);
  });

  it("matches nothing for another company's or unknown ids", async () => {
    const otherCompany = await createCompany(db, "Elsewhere");
    const [foreign] = await db.query<{ id: string }>(sql`insert into projects (company_id, name) values (${otherCompany}, 'Theirs') returning id`);
    const report = await withTenant(db, people.owner, (tx) =>
      summarizeTime(tx, filterOf({ project: [foreign!.id, "00000000-0000-4000-8000-000000000000"] })),
    );
    expect(report).toEqual({ rows: [], totals: { minutes: 0, billableMinutes: 0, entries: 0 } });
  });
});

describe("what each role sees", () => {
  const visible = async (who: TenantContext) => {
    const report = await withTenant(db, who, (tx) => summarizeTime(tx, filterOf()));
    const choices = await withTenant(db, who, (tx) => listReportPeople(tx));
    const teams = await withTenant(db, who, (tx) => listReportTeams(tx));
    return { rows: report.rows.map((row) => row.key).sort(), choices: choices.map((c) => c.id).sort(), teams: teams.map((t) => t.label) };
  };
  const idsOf = (...names: (keyof typeof people)[]) => names.map((name) => people[name].userId).sort();

  it("an employee: only their own time, and only themselves to choose", async () => {
    expect(await visible(people.loneEmployee)).toEqual({ rows: idsOf("loneEmployee"), choices: idsOf("loneEmployee"), teams: [] });
  });

  it("a manager: their team's time and their own", async () => {
    expect(await visible(people.manager)).toEqual({
      rows: idsOf("manager", "teamEmployee"),
      choices: idsOf("manager", "teamEmployee"),
      teams: ["Delivery"],
    });
  });

  it.each(["finance", "owner", "admin"] as const)("%s: everyone's", async (who) => {
    expect(await visible(people[who])).toEqual({
      rows: idsOf("owner", "finance", "manager", "teamEmployee", "loneEmployee"),
      choices: idsOf("owner", "admin", "finance", "manager", "teamEmployee", "loneEmployee"),
      teams: ["Delivery"],
    });
  });

  it("an employee asking for someone else's time gets nothing, not an error", async () => {
    const report = await withTenant(db, people.loneEmployee, (tx) => summarizeTime(tx, filterOf({ person: [people.manager.userId] })));
    expect(report.rows).toEqual([]);
  });
});

// ------------------------------------------------------- the pages

async function get(loader: typeof pageLoader | typeof exportLoader, who: keyof typeof people, path: string) {
  const request = await requestAs(context, tokens[who]!, `/c/${slug}/reports/time${path}`);
  try {
    return await loader({ request, params: { company: slug }, context });
  } catch (thrown) {
    return thrown;
  }
}

/** The file the database implies, built here independently of the model. */
async function expectedCsvRows(where: SqlFragment): Promise<string[][]> {
  const entries = await db.query<Record<string, string | number | boolean | null>>(sql`
    select e.work_date, u.name, u.email, cl.name as client, p.name as project, p.code, t.name as task, e.notes, e.minutes,
           e.billable, ts.status, e.rate_minor, e.currency
      from time_entries e join users u on u.id = e.user_id join projects p on p.id = e.project_id
      left join clients cl on cl.id = p.client_id left join tasks t on t.id = e.task_id join timesheets ts on ts.id = e.timesheet_id
     where e.company_id = ${companyId} and e.work_date between ${range.from} and ${range.to} and ${where}
     order by lower(coalesce(nullif(btrim(u.name), ''), u.email)), u.id, e.work_date, e.id`);
  const text = (value: unknown) => (value === null ? "" : String(value));
  const cell = (value: unknown) => (/^[=+\-@\t\r]/.test(text(value)) ? `'${text(value)}` : text(value));
  return entries.map((e) => {
    const minutes = e.minutes as number;
    const rate = e.rate_minor as number | null;
    return [
      text(e.work_date), cell(e.name), cell(e.email), cell(e.client), cell(e.project), cell(e.code), cell(e.task), cell(e.notes),
      (minutes / 60).toFixed(2), String(minutes), e.billable ? "yes" : "no", text(e.status),
      rate === null ? "" : (rate / 100).toFixed(2), rate === null ? "" : (Math.round((rate * minutes) / 60) / 100).toFixed(2), text(e.currency),
    ];
  });
}

const header = ["Date", "Person", "Email", "Client", "Project", "Project code", "Task", "Notes", "Hours", "Minutes", "Billable", "Status", "Rate", "Amount", "Currency"];

describe("the CSV download", () => {
  it("is every entry the member may see, exactly, under a header, person by person", async () => {
    const response = (await get(exportLoader, "finance", `/export?from=${range.from}&to=${range.to}`)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="time-detailed-${range.from}-${range.to}.csv"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await bodyOf(response);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [head, ...rows] = parseCsv(text.slice(1));
    expect(head).toEqual(header);
    const expected = await expectedCsvRows(sql`true`);
    expect(rows).toEqual(expected);
    expect(rows.map((row) => row[7])).toEqual(expect.arrayContaining([awkwardNote, `'${formulaNote}`, "'-2 fix, in =cell"]));
    // The approved week has frozen rates: 125 min at 120.50 € = 251.04 €.
    expect(rows.find((row) => row[7] === `'${formulaNote}`)!.slice(11)).toEqual(["approved", "120.50", "251.04", "EUR"]);
  });

  it("follows the filters, and RLS: a manager's file holds only their team's time and their own", async () => {
    const response = (await get(exportLoader, "manager", `/export?from=${range.from}&to=${range.to}&billable=billable`)) as Response;
    const [, ...rows] = parseCsv((await bodyOf(response)).slice(1));
    const team = [people.manager.userId, people.teamEmployee.userId];
    expect(rows).toEqual(await expectedCsvRows(sql`e.billable and e.user_id = any(${team}::uuid[])`));
    expect(rows.length).toBeGreaterThan(0);
  });

  it("is the same file however it is batched", async () => {
    const chunksOf = (batchSize?: number) =>
      withTenant(db, people.owner, async (tx) => {
        const chunks: string[] = [];
        for await (const chunk of reportCsvChunks(tx, filterOf(), batchSize)) chunks.push(chunk);
        return { count: chunks.length, text: chunks.join("") };
      });
    const whole = await chunksOf();
    const inPairs = await chunksOf(2);
    expect(whole.count).toBe(1);
    expect(inPairs.count).toBe(5);
    expect(inPairs.text).toBe(whole.text);
  });

  it("ends its transaction when the client goes away mid-download", async () => {
    // More entries than one batch, in a month of their own, so the file needs several reads.
    await db.transaction(async (tx) => {
      await tx.exec("set local session_replication_role = replica");
      await tx.query(sql`
        insert into timesheets (company_id, user_id, week_start)
        select distinct ${companyId}::uuid, ${people.loneEmployee.userId}::uuid, week_start_of(d::date, 1::smallint)
          from generate_series('2025-12-01'::date, '2025-12-31'::date, interval '1 day') d`);
      await tx.query(sql`
        insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
        select ts.company_id, ts.user_id, ts.id, ${ids.internalProject}, '2025-12-01'::date + g % 31, 5, false
          from generate_series(0, 4999) g
          join timesheets ts on ts.company_id = ${companyId} and ts.user_id = ${people.loneEmployee.userId}
                            and ts.week_start = week_start_of('2025-12-01'::date + g % 31, 1::smallint)`);
    });
    const openTransactions = async () =>
      (await db.query<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state like 'idle in transaction%'`))[0]!.n;
    const client = new AbortController();
    const request = await requestAs(context, tokens.owner!, `/c/${slug}/reports/time/export?from=2025-12-01&to=2025-12-31`, {
      signal: client.signal,
    });
    const response = (await exportLoader({ request, params: { company: slug }, context })) as Response;
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    client.abort();
    // On PGlite a transaction left open would make this query wait for ever.
    await expect.poll(openTransactions, { timeout: 5_000 }).toBe(0);
  });

  it("is only the header when nothing matches", async () => {
    const response = (await get(exportLoader, "owner", "/export?from=2020-01-01&to=2020-01-31")) as Response;
    expect(await bodyOf(response)).toBe(`\uFEFF${header.join(",")}\n`);
  });

  it("answers a range ending before it starts with 400 and the message, not 500", async () => {
    const response = (await get(exportLoader, "owner", "/export?from=2026-11-10&to=2026-11-01")) as Response;
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("to: The end date must not be before the start date\n");
  });

  it("answers a malformed id with 400, not 500", async () => {
    const response = (await get(exportLoader, "owner", `/export?from=${range.from}&to=${range.to}&person=1%27%20or%201=1`)) as Response;
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("person: Choose people from the list\n");
  });

  it("is refused to someone who isn't signed in", async () => {
    const request = new Request(`http://hourbook.test/c/${slug}/reports/time/export?from=${range.from}&to=${range.to}`);
    const outcome = await exportLoader({ request, params: { company: slug }, context }).catch((thrown: unknown) => thrown);
    expect(statusOf(outcome)).toBe(302);
  });
});

describe("the report page", () => {
  it("shows the totals and carries its filters to the download link", async () => {
    const outcome = (await get(pageLoader, "finance", `?from=${range.from}&to=${range.to}&groupBy=project&billable=billable`)) as {
      report: { totals: { minutes: number } };
      query: string;
    };
    expect(outcome.report.totals.minutes).toBe((await directTotals(sql`e.billable`)).minutes);
    expect(new URLSearchParams(outcome.query).get("groupBy")).toBe("project");
    expect(new URLSearchParams(outcome.query).get("billable")).toBe("billable");
  });

  it("answers a range ending before it starts with 400 and the message on `to`", async () => {
    const outcome = await get(pageLoader, "owner", "?from=2026-11-10&to=2026-11-01");
    expect(statusOf(outcome)).toBe(400);
    expect((outcome as { data: { errors: Record<string, string[]>; report: unknown } }).data).toMatchObject({
      errors: { to: ["The end date must not be before the start date"] },
      report: null,
    });
  });
});

describe("unknown ids in the filters", () => {
  it("are named on their field on the page, and in the download's answer, not matched as nothing", async () => {
    const otherCompany = await createCompany(db, "Elsewhere too");
    const [foreign] = await db.query<{ id: string }>(sql`insert into projects (company_id, name) values (${otherCompany}, 'Theirs') returning id`);
    const missing = "00000000-0000-4000-8000-000000000000";
    const query = `?from=${range.from}&to=${range.to}&project=${foreign!.id}&project=${missing}&team=${missing}`;
    const page = await get(pageLoader, "owner", query);
    expect(statusOf(page)).toBe(400);
    expect((page as { data: { errors: Record<string, string[]>; report: unknown } }).data).toMatchObject({
      report: null,
      errors: {
        project: ["2 chosen projects aren't in this company (deleted, or a link from elsewhere): choose projects from the list"],
        team: ["A chosen team isn't in this company (deleted, or a link from elsewhere): choose teams from the list"],
      },
    });
    const file = (await get(exportLoader, "owner", `/export${query}&kind=summary&format=pdf`)) as Response;
    expect(file.status).toBe(400);
    expect(await file.text()).toBe(
      "team: A chosen team isn't in this company (deleted, or a link from elsewhere): choose teams from the list\n" +
        "project: 2 chosen projects aren't in this company (deleted, or a link from elsewhere): choose projects from the list\n",
    );
  });

  it("don't include a colleague whose time the member can't see: that is an empty report", async () => {
    const page = (await get(pageLoader, "loneEmployee", `?from=${range.from}&to=${range.to}&person=${people.manager.userId}`)) as {
      report: { rows: unknown[] };
    };
    expect(page.report.rows).toEqual([]);
  });
});

describe("the detailed report page", () => {
  type DetailedPage = { entries: { person: string; minutes: number; group: string }[]; report: { totals: { entries: number } }; pageCount: number };

  it("lists every entry the member may see, grouped, with the totals of every page", async () => {
    const page = (await get(pageLoader, "manager", `?from=${range.from}&to=${range.to}&kind=detailed&groupBy=person`)) as DetailedPage;
    expect(page.entries.map((entry) => entry.person)).toEqual(["manager person", "manager person", "teamEmployee person", "teamEmployee person", "teamEmployee person"]);
    expect(page.report.totals.entries).toBe(5);
    expect(page.pageCount).toBe(1);
  });

  it("takes an impossible page number as the nearest page", async () => {
    const page = (await get(pageLoader, "owner", `?from=${range.from}&to=${range.to}&kind=detailed&page=99`)) as DetailedPage & { page: number };
    expect(page.page).toBe(1);
    expect(page.entries).toHaveLength(9);
  });
});

describe("the report as a file", () => {
  const file = async (who: keyof typeof people, query: string) => {
    const response = (await get(exportLoader, who, `/export?from=${range.from}&to=${range.to}&${query}`)) as Response;
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };
  const pdfText = async (bytes: Uint8Array) => {
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    return text.replace(/\s+/gu, " ");
  };

  it("summary CSV: a row per group and the total, as the page shows them", async () => {
    const { response, bytes } = await file("finance", "kind=summary&format=csv&groupBy=client");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="time-summary-${range.from}-${range.to}.csv"`);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    expect(rows).toEqual([
      ["Client", "Hours", "Billable hours", "Minutes", "Billable minutes", "Entries"],
      ["ACME, Inc.", "9.28", "8.45", "557", "507", "6"],
      ["No client", "1.75", "0.00", "105", "0", "3"],
      ["Total", "11.03", "8.45", "662", "507", "9"],
    ]);
  });

  it("summary XLSX: the same figures as numbers, hours as decimals", async () => {
    const { response, bytes } = await file("finance", "kind=summary&format=xlsx&groupBy=client");
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const rows = readXlsx(bytes);
    expect(rows[0]).toEqual(["Client", "Hours", "Billable hours", "Entries"]);
    expect(rows.slice(1).map((row) => [row[0], Math.round(Number(row[1]) * 60), Math.round(Number(row[2]) * 60), row[3]])).toEqual([
      ["ACME, Inc.", 557, 507, 6],
      ["No client", 105, 0, 3],
      ["Total", 662, 507, 9],
    ]);
  });

  it("detailed XLSX: a manager's file holds their team's entries and their own, each once", async () => {
    const { bytes } = await file("manager", "kind=detailed&format=xlsx");
    const [header, ...rows] = readXlsx(bytes);
    expect(header!.slice(0, 3)).toEqual(["Person", "Date", "Person"]);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(["manager person", "teamEmployee person"]));
    expect(rows.reduce((sum, row) => sum + Number(row[10]), 0)).toBe(90 + 30 + 125 + 7 + 50);
  });

  it("summary PDF: title, period, filters, groups and total in its text", async () => {
    const { response, bytes } = await file("finance", "kind=summary&format=pdf&groupBy=client&billable=billable");
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const text = await pdfText(bytes);
    for (const part of ["Report Co", "Time report, summary by client", "November 1, 2026 to November 30, 2026", "Only billable time only", "ACME, Inc.", "Total", "8:27"]) {
      expect(text).toContain(part);
    }
  });

  it("detailed PDF: each entry under its group, and only what the member may see", async () => {
    const text = await pdfText((await file("manager", "kind=detailed&format=pdf&groupBy=person")).bytes);
    expect(text).toContain("teamEmployee person: 3:02 h in 3 entries");
    expect(text).toContain("Website (ACME, Inc.)");
    expect(text).not.toContain("loneEmployee person");
  });

  it("built whole for an attachment, is the same file as the download for each kind and format", async () => {
    for (const [kind, format] of [["detailed", "csv"], ["summary", "csv"], ["summary", "xlsx"]] as const) {
      const built = await withTenant(db, people.manager, (tx) =>
        buildReportFile(tx, { kind, format, filter: filterOf({ groupBy: "project" }), title: "Report Co" }),
      );
      const downloaded = await file("manager", `kind=${kind}&format=${format}&groupBy=project`);
      expect(built.ok && built.file.filename).toBe(`time-${kind}-${range.from}-${range.to}.${format}`);
      expect(built.ok && built.file.contentType).toBe(downloaded.response.headers.get("Content-Type"));
      if (format === "xlsx") expect(built.ok && readXlsx(built.file.content)).toEqual(readXlsx(downloaded.bytes));
      else expect(built.ok && new TextDecoder().decode(built.file.content)).toBe(new TextDecoder().decode(downloaded.bytes));
    }
  });

  it("carries a saved report's name when downloaded from it, and not someone else's private one", async () => {
    const saved = await withTenant(db, people.finance, (tx) =>
      createSavedReport(tx, { name: "Month by client", kind: "summary", shared: false, definition: { range: "this-month", values: { groupBy: "client" } } }),
    );
    expect(saved.ok).toBe(true);
    const id = saved.ok ? saved.id : "";
    expect(await pdfText((await file("finance", `kind=summary&format=pdf&saved=${id}`)).bytes)).toContain("Report Co: Month by client");
    expect(await pdfText((await file("owner", `kind=summary&format=pdf&saved=${id}`)).bytes)).not.toContain("Month by client");
  });

  it("refuses a detailed file over its format's limit with the reason, and offers the other formats", async () => {
    const limit = maxDetailedEntries.pdf;
    maxDetailedEntries.pdf = 3;
    try {
      const { response, bytes } = await file("owner", "kind=detailed&format=pdf");
      expect(response.status).toBe(413);
      expect(new TextDecoder().decode(bytes)).toBe(
        "The detailed report has 9 entries; a PDF file holds at most 3. Narrow the dates or filters, or download the summary or the CSV.\n",
      );
      // The summary of the same rows still fits, and the page says so before anyone clicks.
      expect((await file("owner", "kind=summary&format=pdf")).response.status).toBe(200);
      const page = (await get(pageLoader, "owner", `?from=${range.from}&to=${range.to}&kind=detailed`)) as { tooLarge: Record<string, string | null> };
      expect(page.tooLarge).toMatchObject({ csv: null, xlsx: null, pdf: expect.stringContaining("holds at most 3") });
    } finally {
      maxDetailedEntries.pdf = limit;
    }
  });

  it("answers an unknown format with 400 and the choices", async () => {
    const { response, bytes } = await file("owner", "format=docx");
    expect(response.status).toBe(400);
    expect(new TextDecoder().decode(bytes)).toBe("format: Choose CSV, XLSX or PDF\n");
  });
});

describe("minorToDecimal", () => {
  // Hundredths in every currency, as rates are typed and invoices are computed.
  it.each([
    [12345, "123.45"],
    [5, "0.05"],
    [0, "0.00"],
    [500, "5.00"],
    [-250, "-2.50"],
  ])("%i → %s", (minor, text) => {
    expect(minorToDecimal(minor)).toBe(text);
  });
});
