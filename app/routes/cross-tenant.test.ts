import { sendTestEvent } from "~/kernel/webhooks/deliveries.server";
import { createEndpoint, listDeliveries, updateEndpoint } from "~/kernel/webhooks/endpoints.server";
/// <reference types="vite/client" />
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { companyRouteModules, type RouteModule } from "~/testing/company-routes";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { requestAuditExport } from "~/kernel/files/exports.server";
import { createInvitation } from "~/kernel/members/invitations.server";
import { createNotification } from "~/kernel/notifications/notifications.server";
import { createTeam } from "~/kernel/teams/teams.server";
import { createApiToken } from "~/kernel/api-tokens/api-tokens.server";

/**
 * Every company-scoped route, walked as a member of company A: with company B's
 * slug, and with A's slug but B's ids, each loader and action must answer 404 —
 * never B's data, never a 403 that confirms B exists. Route files are discovered,
 * so a new page is covered the day it is added.
 */
const routeModules = companyRouteModules;

let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let tokenA: string;
const a = { slug: "", userId: "" };
const b = {
  slug: "", userId: "", teamId: "", tokenId: "", invitationId: "", notificationId: "", auditSeq: "", exportId: "", failedExportId: "",
  clientId: "", projectId: "", taskId: "", timesheetId: "", entryId: "", invoiceId: "", reportId: "", scheduleId: "",
  endpointId: "", deliveryId: "",
};

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const accounts = context.auth.accounts;
  const signUp = async (name: string) => {
    const result = await accounts.signUp({ name, email: `${name}-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: name });
    if (!result.ok) throw new Error(name);
    return result;
  };
  const companyA = await signUp("Alpha");
  const companyB = await signUp("Bravo");
  a.slug = companyA.companySlug;
  a.userId = companyA.user.id;
  b.slug = companyB.companySlug;
  b.userId = companyB.user.id;
  tokenA = await accounts.createSession(a.userId, { ip: null, userAgent: null });

  const [bCompany] = await db.query<{ id: string }>(sql`select id from companies where slug = ${b.slug}`);
  const ownerB = { companyId: bCompany!.id, userId: b.userId, role: "owner" as const };
  await context.withTenant(ownerB, async (tx) => {
    b.tokenId = (await createApiToken(tx, { name: "Bravo script", scopes: ["teams:read"], lifetimeDays: 30 })).id;
    const team = await createTeam(tx, "Bravo team");
    b.teamId = team.ok ? team.id : "";
    const invitation = await createInvitation(tx, { email: "someone@bravo.example", role: "employee", teamIds: [] }, context.billing);
    b.invitationId = invitation.ok ? invitation.id : "";
    const notification = await createNotification(tx, {
      userId: b.userId,
      kind: "timesheet-reminder",
      data: { weekStart: "2026-11-16" },
    });
    b.notificationId = notification.id;
    const range = { fromDate: "2026-01-01", toDate: "2026-01-31", format: "csv" as const };
    b.exportId = await requestAuditExport(tx, range);
    // A webhook endpoint of B's, turned off so its test delivery waits, and that delivery.
    b.endpointId = (await createEndpoint(tx, context.secrets, { url: "https://hooks.example/b", description: "", eventTypes: ["export.ready"] })).endpoint.id;
    await updateEndpoint(tx, { endpointId: b.endpointId, enabled: false });
    await sendTestEvent(tx, b.endpointId);
    b.deliveryId = (await listDeliveries(tx, b.endpointId, { limit: 1 }))[0]!.id;
    b.failedExportId = await requestAuditExport(tx, range);
  });
  // Time: a client, project, task, a submitted timesheet and an entry of B's.
  const [time] = await db.query<{ clientId: string; projectId: string; taskId: string; timesheetId: string; entryId: string }>(sql`
    with client as (
      insert into clients (company_id, name, currency) values (${bCompany!.id}, 'Bravo client', 'EUR') returning id
    ), project as (
      insert into projects (company_id, name, client_id) select ${bCompany!.id}, 'Bravo project', id from client returning id
    ), task as (
      insert into tasks (company_id, project_id, name) select ${bCompany!.id}, id, 'Bravo task' from project returning id
    ), sheet as (
      insert into timesheets (company_id, user_id, week_start) values (${bCompany!.id}, ${b.userId}, '2026-11-16') returning id
    ), entry as (
      insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, billable)
      select ${bCompany!.id}, ${b.userId}, sheet.id, project.id, task.id, '2026-11-17', 60, true from sheet, project, task
      returning id
    )
    select client.id as "clientId", project.id as "projectId", task.id as "taskId", sheet.id as "timesheetId", entry.id as "entryId"
      from client, project, task, sheet, entry`);
  Object.assign(b, time);
  const [invoice] = await db.query<{ id: string }>(sql`
    insert into invoices (company_id, client_id, currency, period_from, period_to)
    values (${bCompany!.id}, ${b.clientId}, 'EUR', '2026-11-01', '2026-11-30') returning id`);
  b.invoiceId = invoice!.id;
  // A shared saved report of B's and a schedule that mails it.
  const [report] = await db.query<{ reportId: string; scheduleId: string }>(sql`
    with report as (
      insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
      values (${bCompany!.id}, ${b.userId}, 'Bravo report', 'summary', '{}', true) returning id
    ), schedule as (
      insert into report_schedules (company_id, report_id, created_by, frequency, weekday, hour, recipient_ids)
      select ${bCompany!.id}, id, ${b.userId}, 'weekly', 1, 8, array[${b.userId}::uuid] from report returning id
    )
    select report.id as "reportId", schedule.id as "scheduleId" from report, schedule`);
  Object.assign(b, report);
  await db.query(sql`update timesheets set status = 'submitted' where id = ${b.timesheetId}`);
  // A finished, unexpired export (its download would succeed for B) and a failed one (B could retry it).
  await db.query(sql`
    update audit_exports set status = 'done', expires_at = now() + interval '1 day', file_key = 'audit-exports/b/file.csv'
     where id = ${b.exportId}`);
  await db.query(sql`update audit_exports set status = 'failed', error = 'boom' where id = ${b.failedExportId}`);
  // Audit entries are numbered per company: B's newest is a number A's log hasn't reached.
  const [seqs] = await db.query<{ a: number; b: number }>(sql`
    select max(seq) filter (where company_id = (select id from companies where slug = ${a.slug}))::int as a,
           max(seq) filter (where company_id = ${bCompany!.id})::int as b
      from audit_entries`);
  if (!seqs || seqs.b <= seqs.a) throw new Error("company B needs more audit entries than A");
  b.auditSeq = String(seqs.b);
});

afterAll(async () => {
  await app.close();
  await db.close();
});

/** `c.$company.teams.$teamId.tsx` → ["company", "teamId"] and the URL path. */
function routeOf(file: string) {
  const segments = file.replace(/^\.\//, "").replace(/\.tsx$/, "").split(".").filter((s) => s !== "_index");
  const params = segments.filter((s) => s.startsWith("$")).map((s) => s.slice(1));
  return { params, path: (values: Record<string, string>) => `/${segments.map((s) => (s.startsWith("$") ? values[s.slice(1)] : s)).join("/")}` };
}

/** B's id for each kind of route parameter; a route with a new parameter must add it here. */
const foreignIds = (): Record<string, string> => ({
  teamId: b.teamId, seq: b.auditSeq, exportId: b.exportId, clientId: b.clientId, projectId: b.projectId, taskId: b.taskId,
  timesheetId: b.timesheetId, entryId: b.entryId, invoiceId: b.invoiceId, reportId: b.reportId, scheduleId: b.scheduleId,
  endpointId: b.endpointId,
});

/** Form bodies whose ids are B's, for the actions that take ids in the body. */
const foreignBodies = (): Record<string, Record<string, string>[]> => ({
  "./c.$company.members.tsx": [
    { intent: "change-role", userId: b.userId, role: "employee" },
    { intent: "deactivate", userId: b.userId },
    { intent: "transfer", userId: b.userId },
  ],
  "./c.$company.invitations.tsx": [
    { intent: "revoke", invitationId: b.invitationId },
    { intent: "resend", invitationId: b.invitationId },
  ],
  "./c.$company.teams.$teamId.tsx": [{ intent: "archive" }, { intent: "add-member", userId: b.userId }],
  "./c.$company.clients.$clientId.tsx": [{ intent: "archive" }, { intent: "edit", name: "Taken over", currency: "EUR" }],
  "./c.$company.projects._index.tsx": [{ name: "Planted in B's client", clientId: b.clientId }],
  "./c.$company.projects.$projectId.tsx": [
    { intent: "archive" },
    { intent: "add-task", name: "Planted" },
    { intent: "rename-task", taskId: b.taskId, name: "Taken over" },
    { intent: "archive-task", taskId: b.taskId },
    { intent: "assign", kind: "member", id: b.userId },
    { intent: "assign", kind: "team", id: b.teamId },
  ],
  "./c.$company.notifications.tsx": [{ intent: "read", notificationId: b.notificationId }],
  "./c.$company.api-tokens.tsx": [{ intent: "revoke", tokenId: b.tokenId }],
  "./c.$company.settings.webhooks._index.tsx": [
    { intent: "test", endpointId: b.endpointId },
    { intent: "rotate", endpointId: b.endpointId },
    { intent: "delete", endpointId: b.endpointId },
  ],
  "./c.$company.settings.webhooks.$endpointId.tsx": [{ intent: "resend", endpointId: b.endpointId, deliveryId: b.deliveryId }],
  "./c.$company.jobs.tsx": [{ intent: "retry", jobId: b.invitationId }],
  "./c.$company.audit.exports._index.tsx": [{ intent: "retry", exportId: b.failedExportId }],
  "./c.$company.finance.exports._index.tsx": [{ intent: "retry", exportId: b.failedExportId }],
  "./c.$company.approvals.tsx": [
    { intent: "approve", ids: b.timesheetId },
    { intent: "reject", ids: b.timesheetId, comment: "Not yours to see" },
  ],
  "./c.$company.time._index.tsx": [{ intent: "submit", week: "2026-11-16", personId: b.userId }],
  "./c.$company.reports.saved._index.tsx": [
    { intent: "rename", reportId: b.reportId, name: "Taken over", shared: "on" },
    { intent: "delete", reportId: b.reportId },
  ],
  "./c.$company.reports.saved.$reportId.tsx": [{ intent: "update", range: "this-week", kind: "summary", query: "" }],
  "./c.$company.invoices.$invoiceId.issue.tsx": [{ intent: "issue" }],
  "./c.$company.invoices.$invoiceId.payment.tsx": [{ intent: "mark-paid" }],
  "./c.$company.invoices.$invoiceId.void.tsx": [{ intent: "void" }],
  "./c.$company.invoices.$invoiceId.credit.tsx": [
    { intent: "credit" },
    { intent: "credit-part", description: "Planted", amount: "10" },
  ],
  "./c.$company.invoices.$invoiceId.lines.tsx": [
    { intent: "add-line", description: "Planted", quantity: "1", unitPrice: "10" },
    { intent: "add-discount", description: "Planted", amount: "1" },
    { intent: "remove-line", lineId: b.invoiceId },
  ],
  "./c.$company.invoices.$invoiceId.notes.tsx": [{ intent: "notes", notes: "Taken over" }],
  "./c.$company.invoices.$invoiceId.delete.tsx": [{ intent: "delete" }],
  "./c.$company.reports.schedules._index.tsx": [
    { intent: "pause", scheduleId: b.scheduleId },
    { intent: "resume", scheduleId: b.scheduleId },
    { intent: "send-now", scheduleId: b.scheduleId },
    { intent: "delete", scheduleId: b.scheduleId },
  ],
  "./c.$company.reports.schedules.$scheduleId.tsx": [
    { reportId: b.reportId, frequency: "weekly", weekday: "1", hour: "8", recipientIds: b.userId },
  ],
  "./c.$company.time.day.tsx": [
    { intent: "delete-entry", entryId: b.entryId },
    { intent: "save-entry", entryId: b.entryId, row: `${b.projectId}:${b.taskId}`, day: "2026-11-17", duration: "1:00" },
  ],
});

async function call(module: RouteModule, kind: "loader" | "action", path: string, params: Record<string, string>, body?: Record<string, string>) {
  const fn = module[kind];
  if (!fn) return undefined;
  const request = await requestAs(context, tokenA, path, body ? { method: "POST", body: new URLSearchParams(body) } : {});
  try {
    return statusOf(await fn({ request, params, context }));
  } catch (thrown) {
    return statusOf(thrown);
  }
}

describe("company-scoped routes, as a member of another company", () => {
  const files = Object.keys(routeModules).sort();

  it("are all found (the walk is not empty)", () => {
    expect(files).toEqual(expect.arrayContaining(["./c.$company.tsx", "./c.$company.members.tsx", "./c.$company.teams.$teamId.tsx"]));
  });

  it.each(files)("%s answers 404 for company B's slug", async (file) => {
    const { params, path } = routeOf(file);
    const values: Record<string, string> = { ...foreignIds(), company: b.slug };
    const named = Object.fromEntries(params.map((p) => [p, values[p]!]));
    expect(params.every((p) => values[p])).toBe(true);
    const module = routeModules[file]!;
    if (module.loader) expect(await call(module, "loader", path(named), named)).toBe(404);
    if (module.action) expect(await call(module, "action", path(named), named, { intent: "archive" })).toBe(404);
  });

  // Ids in the path are typed by anyone: a malformed one is a page that doesn't exist, not a database error.
  it.each(files.filter((f) => routeOf(f).params.length > 1))("%s answers 404 for a malformed id in its path", async (file) => {
    const { params, path } = routeOf(file);
    const named = Object.fromEntries(params.map((p) => [p, p === "company" ? a.slug : "not-an-id"]));
    const module = routeModules[file]!;
    if (module.loader) expect(await call(module, "loader", path(named), named)).toBe(404);
    if (module.action) expect(await call(module, "action", path(named), named, { intent: "archive" })).toBe(404);
  });

  it.each(files.filter((f) => routeOf(f).params.length > 1 || foreignBodies()[f]))(
    "%s answers 404 for B's ids under A's own slug",
    async (file) => {
      const { params, path } = routeOf(file);
      const named = Object.fromEntries(params.map((p) => [p, p === "company" ? a.slug : foreignIds()[p]!]));
      const module = routeModules[file]!;
      if (params.length > 1 && module.loader) expect(await call(module, "loader", path(named), named)).toBe(404);
      for (const body of foreignBodies()[file] ?? []) {
        expect({ body, status: await call(module, "action", path(named), named, body) }).toEqual({ body, status: 404 });
      }
    },
  );
});
