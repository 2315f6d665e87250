import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHourbookClient } from "../../client";
import { setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import type { TenantContext } from "../../db/tenant";
import { shiftDay, todayIn, weekDays, weekStartOf } from "~/kernel/clock/weeks";
import { companyWith, dispatch, tokenFor } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";

/**
 * A week of work from start to invoice, driven only through the generated client
 * (client/), each step by the person who would take it: the owner sets up a client,
 * a project and a team; an employee logs a week and submits it; their manager
 * approves it; the owner reads the report and invoices the approved time.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

async function clientFor(tenant: TenantContext) {
  const { token } = await tokenFor(context, tenant);
  return createHourbookClient({ baseUrl: "http://hourbook.test", token, fetch: (request) => dispatch(context, request) });
}

describe("the generated client", () => {
  it("takes a week from a new project through approval and the report to an issued invoice", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", manager: "manager", employee: "employee" });
    // Invoice settings (legal name, numbering) are set on their page; no scope reaches company settings.
    await setInvoiceSettings(db, companyId, { prefix: "INV-" });
    const owner = await clientFor(people.owner);
    const manager = await clientFor(people.manager);
    const employee = await clientFor(people.employee);

    // The owner: a client billed at 120.00 an hour, a billable project, a team the manager runs.
    const { data: client } = await owner.POST("/api/v1/clients", { body: { name: "Globex", currency: "EUR", hourlyRateMinor: 12_000 } });
    const { data: project } = await owner.POST("/api/v1/projects", { body: { name: "Website relaunch", clientId: client!.id, billable: true } });
    const { data: team } = await owner.POST("/api/v1/teams", { body: { name: "Delivery" } });
    for (const [userId, isManager] of [[people.manager.userId, true], [people.employee.userId, false]] as const) {
      const { response } = await owner.PUT("/api/v1/teams/{teamId}/members/{userId}", {
        params: { path: { teamId: team!.id, userId } },
        body: { isManager },
      });
      expect(response.status).toBe(200);
    }

    // The employee: last week, Monday to Friday, 7.5 hours a day, in one request; then submitted.
    const week = weekStartOf(shiftDay(todayIn("UTC"), -7), 1);
    const workdays = weekDays(week).slice(0, 5);
    const logged = await employee.POST("/api/v1/time-entries/bulk", {
      body: { entries: workdays.map((day) => ({ projectId: project!.id, day, minutes: 450, notes: `Relaunch work on ${day}` })) },
    });
    expect(logged.response.status).toBe(201);
    const submitted = await employee.POST("/api/v1/timesheets/submit", { body: { week } });
    expect(submitted.data).toMatchObject({ status: "submitted", weekStart: week, totalMinutes: 2_250 });

    // The manager finds it waiting for them and approves it.
    const { data: waiting } = await manager.GET("/api/v1/timesheets", { params: { query: { view: "to-approve" } } });
    expect(waiting!.data.map((sheet) => sheet.id)).toEqual([submitted.data!.id]);
    const approved = await manager.POST("/api/v1/timesheets/{timesheetId}/approve", { params: { path: { timesheetId: submitted.data!.id } } });
    expect(approved.data).toMatchObject({ status: "approved" });

    // The owner: the approved week in the report, by project, then on an issued invoice.
    const { data: report } = await owner.GET("/api/v1/reports/time/summary", {
      params: { query: { from: week, to: workdays.at(-1)!, groupBy: "project", status: "approved" } },
    });
    if (typeof report !== "object") throw new Error("Asked for JSON, got a file");
    expect(report.rows).toEqual([expect.objectContaining({ label: expect.stringContaining("Website relaunch"), minutes: 2_250, billableMinutes: 2_250 })]);

    const { data: draft, error } = await owner.POST("/api/v1/invoices", {
      body: { clientId: client!.id, from: week, to: workdays.at(-1)!, groupBy: "project-task" },
    });
    expect(error).toBeUndefined();
    // 37.5 hours at 120.00.
    expect(draft).toMatchObject({ status: "draft", subtotalMinor: 450_000 });
    const issued = await owner.POST("/api/v1/invoices/{invoiceId}/issue", { params: { path: { invoiceId: draft!.id } }, body: {} });
    expect(issued.error).toBeUndefined();
    expect(issued.data).toMatchObject({ status: "issued", number: expect.stringMatching(/^INV-\d{4}-\d+$/) });

    // The employee can't see the invoice, whatever their token's scopes.
    const { error: refused } = await employee.GET("/api/v1/invoices/{invoiceId}", { params: { path: { invoiceId: draft!.id } } });
    expect(refused).toMatchObject({ status: 403, code: "forbidden" });
  });
});
