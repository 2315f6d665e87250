import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { addToTeam, createEntry, createProject, createTeam, setTimesheetStatus, timesheetFor } from "../../../db/testing/time-fixtures";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import type { Scope } from "~/kernel/api-tokens/scopes";
import { apiClient, companyWith, problemOf, tokenFor, type CallOptions } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { listWaitingTimesheets } from "~/time/timesheets.server";

/**
 * Timesheets over the API: a week's way from submission to approval and back, with
 * the pages' rules (who decides whose week, the lock date) and the pages' messages.
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

const api = (method: string, path: string, options: CallOptions = {}) => apiClient(context, null)(method, path, options);

const timeScopes: Scope[] = ["time:read", "time:write", "timesheets:approve"];

interface Timesheet {
  id: string;
  userId: string;
  weekStart: string;
  status: string;
  comment: string | null;
  decidedBy: string | null;
  totalMinutes: number;
  days: { date: string; minutes: number }[];
  actions: string[];
}

/** A company of Monday weeks: an owner, an admin, and a team of a manager and an employee, beside another team. */
async function company() {
  const { companyId, people } = await companyWith(db, {
    owner: "owner",
    admin: "admin",
    manager: "manager",
    employee: "employee",
    outsider: "employee",
    otherManager: "manager",
  });
  const team = await createTeam(db, companyId);
  await addToTeam(db, companyId, team, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, team, people.employee.userId);
  const otherTeam = await createTeam(db, companyId);
  await addToTeam(db, companyId, otherTeam, people.otherManager.userId, { manager: true });
  await addToTeam(db, companyId, otherTeam, people.outsider.userId);
  const projectId = await createProject(db, companyId);
  const tokens = {} as Record<keyof typeof people, string>;
  for (const [key, person] of Object.entries(people) as [keyof typeof people, TenantContext][]) {
    tokens[key] = (await tokenFor(context, person, timeScopes)).token;
  }
  return { companyId, people, tokens, projectId };
}

// Past Mondays, one per use, so no two tests share a week.
let weeksUsed = 0;
const freshWeek = () => shiftDay("2025-03-03", 7 * weeksUsed++);

async function sheetOf(person: TenantContext, status: Parameters<typeof setTimesheetStatus>[2], week = freshWeek()) {
  const id = await timesheetFor(db, person.companyId, person.userId, week);
  await setTimesheetStatus(db, id, status);
  return id;
}

async function statusOf(id: string) {
  const [row] = await db.query<{ status: string }>(sql`select status from timesheets where id = ${id}`);
  return row!.status;
}

describe("a week over the API", () => {
  it("goes submit → sent back with a comment → resubmitted → approved → reopened, each step audited as its token", async () => {
    const { companyId, people, tokens, projectId } = await company();
    const week = freshWeek();
    await createEntry(db, { companyId, userId: people.employee.userId, projectId, day: week, minutes: 90 });
    await createEntry(db, { companyId, userId: people.employee.userId, projectId, day: shiftDay(week, 2), minutes: 30, billable: false });

    const submitted = await api("POST", "/api/v1/timesheets/submit", { token: tokens.employee, body: { week } });
    expect(submitted.status).toBe(200);
    const sheet = (await submitted.json()) as Timesheet;
    expect(sheet).toMatchObject({ userId: people.employee.userId, weekStart: week, status: "submitted", totalMinutes: 120, actions: ["withdraw"] });
    expect(sheet.days.map((day) => day.minutes)).toEqual([90, 0, 30, 0, 0, 0, 0]);

    const seenByManager = await api("GET", `/api/v1/timesheets/${sheet.id}`, { token: tokens.manager });
    expect(((await seenByManager.json()) as Timesheet).actions).toEqual(["approve", "reject"]);
    const sentBack = await api("POST", `/api/v1/timesheets/${sheet.id}/send-back`, {
      token: tokens.manager,
      body: { comment: "  Wednesday's call is missing " },
      headers: { "If-Match": seenByManager.headers.get("ETag")! },
    });
    expect(await sentBack.json()).toMatchObject({ status: "rejected", comment: "Wednesday's call is missing", decidedBy: people.manager.userId });
    const [notice] = await db.query<{ kind: string; comment: string }>(sql`
      select kind, data->>'comment' as comment from notifications where user_id = ${people.employee.userId} and company_id = ${companyId}`);
    expect(notice).toEqual({ kind: "timesheet-sent-back", comment: "Wednesday's call is missing" });

    const resubmitted = await api("POST", "/api/v1/timesheets/submit", { token: tokens.employee, body: { week } });
    expect(await resubmitted.json()).toMatchObject({ id: sheet.id, status: "submitted", comment: null });

    const reviewed = await api("GET", `/api/v1/timesheets/${sheet.id}`, { token: tokens.manager });
    const approved = await api("POST", `/api/v1/timesheets/${sheet.id}/approve`, {
      token: tokens.manager,
      headers: { "If-Match": reviewed.headers.get("ETag")! },
    });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "approved", decidedBy: people.manager.userId, actions: [] });

    // Only an owner or admin reopens; the manager's token is refused by role.
    const byManager = await api("POST", `/api/v1/timesheets/${sheet.id}/reopen`, { token: tokens.manager });
    expect(await problemOf(byManager)).toMatchObject({ status: 403, code: "forbidden", permission: "timesheet:reopen" });
    const reopened = await api("POST", `/api/v1/timesheets/${sheet.id}/reopen`, { token: tokens.admin });
    expect(await reopened.json()).toMatchObject({ status: "draft", decidedBy: null });

    const audited = await db.query<{ status: string; actor: string }>(sql`
      select changes->'status'->>'new' as status, actor_kind || ':' || actor_name as actor from audit_entries
       where company_id = ${companyId} and entity_id = ${sheet.id} and action = 'timesheet.update' order by seq`);
    const tokenNames = await db.query<{ id: string; name: string; user: string }>(sql`
      select id, name, user_id as user from api_tokens where company_id = ${companyId}`);
    const nameOf = (person: TenantContext) => `api_key:${tokenNames.find((t) => t.user === person.userId)!.name}`;
    expect(audited).toEqual([
      { status: "submitted", actor: nameOf(people.employee) },
      { status: "rejected", actor: nameOf(people.manager) },
      { status: "draft", actor: nameOf(people.employee) },
      { status: "submitted", actor: nameOf(people.employee) },
      { status: "approved", actor: nameOf(people.manager) },
      { status: "draft", actor: nameOf(people.admin) },
    ]);
  });

  it("refuses illegal moves with the pages' messages, and changes nothing", async () => {
    const { people, tokens } = await company();
    const draft = await sheetOf(people.employee, "draft");
    const approved = await sheetOf(people.employee, "approved");

    const approveDraft = await api("POST", `/api/v1/timesheets/${draft}/approve`, { token: tokens.manager });
    expect(await problemOf(approveDraft)).toMatchObject({ status: 409, code: "conflict", detail: expect.stringContaining("is draft and can't be approved") });
    const withdrawApproved = await api("POST", `/api/v1/timesheets/${approved}/withdraw`, { token: tokens.employee });
    expect(await problemOf(withdrawApproved)).toMatchObject({ status: 409, detail: expect.stringContaining("is approved and can't be withdrawn") });
    const noComment = await api("POST", `/api/v1/timesheets/${draft}/send-back`, { token: tokens.manager, body: {} });
    expect(await problemOf(noComment)).toMatchObject({
      status: 400,
      errors: [{ field: "comment", message: "Say what needs to change when sending a week back" }],
    });
    const resubmitApproved = await api("POST", "/api/v1/timesheets/submit", { token: tokens.employee, body: { week: (await weekOf(approved)) } });
    expect(await problemOf(resubmitApproved)).toMatchObject({ status: 409, detail: "This week is approved and can't be changed." });
    expect([await statusOf(draft), await statusOf(approved)]).toEqual(["draft", "approved"]);
  });
});

async function weekOf(id: string) {
  const [row] = await db.query<{ week: string }>(sql`select week_start as week from timesheets where id = ${id}`);
  return row!.week;
}

describe("who decides whose week", () => {
  it("a manager sees and decides only the weeks of their teams' people, never their own", async () => {
    const { people, tokens } = await company();
    const theirs = await sheetOf(people.employee, "submitted");
    const outsiders = await sheetOf(people.outsider, "submitted");
    const own = await sheetOf(people.manager, "submitted");

    const list = await api("GET", "/api/v1/timesheets?view=to-approve", { token: tokens.manager });
    const waiting = ((await list.json()) as { data: Timesheet[] }).data.map((sheet) => sheet.id);
    expect(waiting).toEqual([theirs]);
    // Exactly what the approvals page shows the manager.
    const page = await context.withTenant(people.manager, (tx) => listWaitingTimesheets(tx, {}));
    expect(page.sheets.map((sheet) => sheet.id)).toEqual(waiting);

    expect((await api("GET", `/api/v1/timesheets/${outsiders}`, { token: tokens.manager })).status).toBe(404);
    const foreign = await api("POST", `/api/v1/timesheets/${outsiders}/approve`, { token: tokens.manager });
    expect(await problemOf(foreign)).toMatchObject({ status: 404, code: "not-found" });
    const ownWeek = await api("POST", `/api/v1/timesheets/${own}/approve`, { token: tokens.manager });
    expect(await problemOf(ownWeek)).toMatchObject({ status: 403, code: "forbidden", detail: expect.stringContaining("can't be approved by you") });
    const employee = await api("POST", `/api/v1/timesheets/${theirs}/approve`, { token: tokens.employee });
    expect(await problemOf(employee)).toMatchObject({ status: 403, code: "forbidden", permission: "timesheet:approve" });
    expect([await statusOf(theirs), await statusOf(outsiders), await statusOf(own)]).toEqual(["submitted", "submitted", "submitted"]);

    // An owner approves anyone's week, their own included, as on the approvals page.
    const everyone = await api("GET", "/api/v1/timesheets?view=to-approve", { token: tokens.owner });
    expect(((await everyone.json()) as { data: Timesheet[] }).data.map((sheet) => sheet.id).sort()).toEqual([theirs, outsiders, own].sort());
  });

  it("an employee lists only their own weeks; another person's are for those who fill them in", async () => {
    const { people, tokens } = await company();
    const mine = await sheetOf(people.employee, "approved");
    const colleagues = await sheetOf(people.outsider, "draft");

    const own = await api("GET", "/api/v1/timesheets?status=approved", { token: tokens.employee });
    expect(((await own.json()) as { data: Timesheet[] }).data.map((sheet) => sheet.id)).toEqual([mine]);
    const other = await api("GET", `/api/v1/timesheets?userId=${people.outsider.userId}`, { token: tokens.employee });
    expect(await problemOf(other)).toMatchObject({ status: 403, code: "forbidden", permission: "time:log-for-others" });
    expect((await api("GET", `/api/v1/timesheets/${colleagues}`, { token: tokens.employee })).status).toBe(404);
    const waiting = await api("GET", "/api/v1/timesheets?view=to-approve", { token: tokens.employee });
    expect(((await waiting.json()) as { data: Timesheet[] }).data).toEqual([]);

    const byAdmin = await api("GET", `/api/v1/timesheets?userId=${people.outsider.userId}`, { token: tokens.admin });
    expect(((await byAdmin.json()) as { data: Timesheet[] }).data.map((sheet) => sheet.id)).toEqual([colleagues]);
  });

  it("pages through a person's weeks oldest first, within a week range", async () => {
    const { people, tokens } = await company();
    const weeks = Array.from({ length: 5 }, () => freshWeek());
    const ids = [];
    for (const week of weeks) ids.push(await sheetOf(people.employee, "draft", week));
    const seen: string[] = [];
    let next: string | null = `/api/v1/timesheets?limit=2&weekFrom=${weeks[1]}&weekTo=${weeks[4]}`;
    while (next) {
      const response = await api("GET", next, { token: tokens.employee });
      seen.push(...((await response.json()) as { data: Timesheet[] }).data.map((sheet) => sheet.id));
      next = response.headers.get("Link")?.match(/^<([^>]+)>/)?.[1] ?? null;
    }
    expect(seen).toEqual(ids.slice(1));
  });
});

describe("the lock date", () => {
  it("is set by owners and admins, read by anyone who logs time, and closes the weeks up to it to every move but a decision", async () => {
    const { people, tokens } = await company();
    const week = freshWeek();
    const submitted = await sheetOf(people.employee, "submitted", week);
    const approved = await sheetOf(people.outsider, "approved", week);
    const waiting = await sheetOf(people.admin, "submitted", week);
    const draftWeek = freshWeek();
    await sheetOf(people.employee, "draft", draftWeek);

    const refused = await api("PUT", "/api/v1/company/lock-date", { token: tokens.manager, body: { lockedUntil: draftWeek } });
    expect(await problemOf(refused)).toMatchObject({ status: 403, permission: "time:lock" });
    const future = await api("PUT", "/api/v1/company/lock-date", { token: tokens.admin, body: { lockedUntil: shiftDay(todayIn("UTC"), 3) } });
    expect(future.status).toBe(422);
    const locked = await api("PUT", "/api/v1/company/lock-date", { token: tokens.admin, body: { lockedUntil: shiftDay(draftWeek, 6) } });
    expect(await locked.json()).toEqual({ lockedUntil: shiftDay(draftWeek, 6) });
    expect(await (await api("GET", "/api/v1/company/lock-date", { token: tokens.employee })).json()).toEqual({ lockedUntil: shiftDay(draftWeek, 6) });

    const writes: [string, string, string, unknown?][] = [
      ["employee", `/api/v1/timesheets/${submitted}/withdraw`, tokens.employee],
      ["admin", `/api/v1/timesheets/${approved}/reopen`, tokens.admin],
      ["employee", "/api/v1/timesheets/submit", tokens.employee, { week: draftWeek }],
    ];
    for (const [who, path, token, body] of writes) {
      const response = await api("POST", path, { token, body });
      expect({ who, path, status: response.status }).toEqual({ who, path, status: 422 });
      expect(await problemOf(response)).toMatchObject({ code: "rule-broken", detail: expect.stringContaining("is in a locked period") });
    }
    expect([await statusOf(submitted), await statusOf(approved)]).toEqual(["submitted", "approved"]);
    // A week submitted before the lock can still be decided, as on the approvals page.
    expect((await api("POST", `/api/v1/timesheets/${waiting}/approve`, { token: tokens.owner })).status).toBe(200);

    const unlocked = await api("PUT", "/api/v1/company/lock-date", { token: tokens.admin, body: { lockedUntil: null } });
    expect(await unlocked.json()).toEqual({ lockedUntil: null });
    expect((await api("POST", `/api/v1/timesheets/${submitted}/withdraw`, { token: tokens.employee })).status).toBe(200);
  });
});
