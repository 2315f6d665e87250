import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import { action as listAction, loader as listLoader } from "~/routes/c.$company.reports.saved._index";
import { action as reportAction, loader as openLoader } from "~/routes/c.$company.reports.saved.$reportId";
import { monthOf } from "./filter";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import { getSavedReport, listSavedReports } from "./saved-reports.server";

/**
 * Saved reports through their pages: saving what the report page shows, opening it
 * on its relative period, and who sees, changes and deletes which.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let slug: string;
const timezone = "Pacific/Auckland";
const people: Record<"owner" | "admin" | "manager" | "employee" | "other", TenantContext> = {} as never;
const tokens: Partial<Record<keyof typeof people, string>> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const companyId = await createCompany(db, "Saved Co");
  await db.query(sql`update companies set timezone = ${timezone}, week_start = 1 where id = ${companyId}`);
  [{ slug } = { slug: "" }] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  const members = await createSignedInMembers(db, context, companyId, {
    owner: "owner",
    admin: "admin",
    manager: "manager",
    employee: "employee",
    other: "employee",
  });
  Object.assign(people, members.people);
  Object.assign(tokens, members.tokens);
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const url = (path: string) => `/c/${slug}/reports/saved${path}`;

/** A route's answer, thrown or returned, as status and (for redirects) where to. */
async function outcomeOf(run: () => Promise<unknown>) {
  const outcome = await run().catch((thrown: unknown) => thrown);
  return {
    status: statusOf(outcome),
    location: outcome instanceof Response ? outcome.headers.get("Location") : null,
    flash: await flashOf(context, outcome),
    body: outcome instanceof Response ? null : (outcome as { data?: { error?: Record<string, string[]> } }).data,
  };
}

async function post(who: keyof typeof people, path: string, body: Record<string, string>) {
  const request = await requestAs(context, tokens[who]!, url(path), { method: "POST", body: new URLSearchParams(body) });
  const route = path === "" ? listAction : reportAction;
  const reportId = path.slice(1);
  // Only the ids a page's URL has, as Remix passes them.
  return outcomeOf(() => route({ request, params: { company: slug, ...(reportId ? { reportId } : {}) }, context }));
}

async function open(who: keyof typeof people, reportId: string) {
  const request = await requestAs(context, tokens[who]!, url(`/${reportId}`));
  return outcomeOf(() => openLoader({ request, params: { company: slug, reportId }, context }));
}

async function save(who: keyof typeof people, fields: Record<string, string>) {
  const saved = await post(who, "", { intent: "create", range: "last-month", kind: "summary", query: "", ...fields });
  return { ...saved, id: saved.location?.split("/").pop() ?? "" };
}

const visibleTo = async (who: keyof typeof people) => (await withTenant(db, people[who], (tx) => listSavedReports(tx))).map((r) => r.name);

describe("saving a report", () => {
  it("keeps the page's filters and the chosen relative period, and opens on last month's dates", async () => {
    const query = "from=2026-01-01&to=2026-01-31&groupBy=project&billable=billable&person=&kind=detailed&page=3";
    const saved = await save("manager", { name: "  Billable by project  ", query, kind: "detailed" });
    expect(saved.status).toBe(302);
    expect(saved.flash).toBe("Report saved.");
    const report = await withTenant(db, people.manager, (tx) => getSavedReport(tx, saved.id));
    expect(report).toMatchObject({
      name: "Billable by project",
      kind: "detailed",
      shared: false,
      mine: true,
      // The page's own parameters (dates, kind, page) are not filters; an empty choice is none.
      definition: { range: "last-month", values: { groupBy: "project", billable: "billable" } },
    });

    const opened = await open("manager", saved.id);
    const lastMonth = monthOf(shiftDay(monthOf(todayIn(timezone)).from, -1));
    expect(opened.status).toBe(302);
    const target = new URL(opened.location!, "http://hourbook.test");
    expect(target.pathname).toBe(`/c/${slug}/reports/time`);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      from: lastMonth.from, to: lastMonth.to, groupBy: "project", billable: "billable", kind: "detailed", saved: saved.id,
    });
  });

  it("keeps a custom period's own dates", async () => {
    const saved = await save("employee", { name: "January", range: "custom", query: "from=2026-01-01&to=2026-01-31" });
    const opened = await open("employee", saved.id);
    const target = new URL(opened.location!, "http://hourbook.test").searchParams;
    expect([target.get("from"), target.get("to")]).toEqual(["2026-01-01", "2026-01-31"]);
  });

  // 400 for a form that doesn't parse; 422 for a definition that wouldn't make a report.
  it.each([
    [{ name: "" }, 400, "name", "Enter a name"],
    [{ name: "x".repeat(101) }, 400, "name", "Use at most 100 characters"],
    [{ range: "next-year" }, 400, "range", "Choose a period"],
    [{ range: "custom", query: "groupBy=client" }, 422, "", "Choose the report's dates first, or a relative period"],
    [{ query: "from=2026-01-10&to=2026-01-01&groupBy=client", range: "custom" }, 422, "", "The report's filters aren't valid: correct them on the report page, then save"],
  ])("refuses %j with a message", async (fields, status, field, message) => {
    const saved = await save("employee", { name: "A report", ...fields });
    expect(saved.status).toBe(status);
    expect(saved.body?.error?.[field]).toEqual([message]);
  });

  it("refuses a second report of the same name by the same person, whatever its case", async () => {
    expect((await save("other", { name: "Weekly" })).status).toBe(302);
    const again = await save("other", { name: "WEEKLY" });
    expect(again.status).toBe(409);
    expect(again.body?.error?.name).toEqual(["You already have a report with this name"]);
    // Another person may use the name.
    expect((await save("admin", { name: "Weekly" })).status).toBe(302);
  });
});

describe("who sees, changes and deletes what", () => {
  let privateId: string;
  let sharedId: string;

  beforeAll(async () => {
    privateId = (await save("owner", { name: "Owner's own" })).id;
    sharedId = (await save("employee", { name: "Team hours", shared: "on" })).id;
  });

  it("a private report is its owner's alone: others neither list nor open it", async () => {
    expect(await visibleTo("owner")).toContain("Owner's own");
    expect(await visibleTo("admin")).not.toContain("Owner's own");
    expect((await open("admin", privateId)).status).toBe(404);
    expect((await post("admin", "", { intent: "delete", reportId: privateId })).status).toBe(404);
  });

  it("a shared report is listed and opened by everyone, after their own", async () => {
    for (const who of ["owner", "manager", "other"] as const) {
      expect(await visibleTo(who)).toContain("Team hours");
      expect((await open(who, sharedId)).status).toBe(302);
    }
    const list = await listLoader({ request: await requestAs(context, tokens.other!, url("")), params: { company: slug }, context });
    const names = list.reports.map((r) => r.name);
    expect(names.indexOf("Weekly")).toBeLessThan(names.indexOf("Team hours"));
    expect(list.reports.find((r) => r.name === "Team hours")).toMatchObject({ mine: false, ownerName: "employee person", mayDelete: false });
  });

  it("only its owner renames it, changes its sharing or replaces its filters", async () => {
    expect(await post("admin", "", { intent: "rename", reportId: sharedId, name: "Mine now", shared: "on" })).toMatchObject({ status: 403 });
    expect(await post("admin", `/${sharedId}`, { intent: "update", range: "this-week", kind: "summary", query: "" })).toMatchObject({ status: 403 });
    expect((await post("employee", "", { intent: "rename", reportId: sharedId, name: "Team hours, weekly", shared: "on" })).status).toBe(302);
    expect(
      (await post("employee", `/${sharedId}`, { intent: "update", range: "this-week", kind: "detailed", query: "groupBy=week" })).status,
    ).toBe(302);
    const report = await withTenant(db, people.employee, (tx) => getSavedReport(tx, sharedId));
    expect(report).toMatchObject({ name: "Team hours, weekly", kind: "detailed", shared: true, definition: { range: "this-week", values: { groupBy: "week" } } });
  });

  it("unsharing takes it away from the others", async () => {
    const id = (await save("manager", { name: "Briefly shared", shared: "on" })).id;
    expect(await visibleTo("other")).toContain("Briefly shared");
    expect((await post("manager", "", { intent: "rename", reportId: id, name: "Briefly shared" })).status).toBe(302);
    expect(await visibleTo("other")).not.toContain("Briefly shared");
  });

  it("a shared report is deleted by its owner or an admin, not by another member", async () => {
    expect(await post("other", "", { intent: "delete", reportId: sharedId })).toMatchObject({ status: 403 });
    expect((await post("admin", "", { intent: "delete", reportId: sharedId })).status).toBe(302);
    expect(await visibleTo("employee")).not.toContain("Team hours, weekly");
    const own = (await save("other", { name: "Gone soon" })).id;
    expect((await post("other", "", { intent: "delete", reportId: own })).status).toBe(302);
    expect((await open("other", own)).status).toBe(404);
  });

  it("answers 404 for an id that isn't a saved report", async () => {
    expect((await open("owner", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
