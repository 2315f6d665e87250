import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import * as edit from "./c.$company.reports.schedules.$scheduleId";
import * as list from "./c.$company.reports.schedules._index";
import * as create from "./c.$company.reports.schedules.new";

/**
 * The scheduled reports pages: who may use them, what the form refuses and why,
 * and that every change queues the sync of the schedule's job scheduler with it.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
const company = { id: "", slug: "" };
let people: Record<"admin" | "finance" | "manager" | "employee" | "gone", { userId: string }>;
let tokens: Record<"admin" | "finance" | "manager" | "employee" | "gone", string>;
let sharedReport = "";
let privateReport = "";

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  company.id = await createCompany(db, "Schedules Ltd");
  company.slug = (await db.query<{ slug: string }>(sql`
    update companies set timezone = 'Europe/Berlin' where id = ${company.id} returning slug`))[0]!.slug;
  await createMember(db, company.id, "owner");
  ({ people, tokens } = await createSignedInMembers(db, context, company.id, {
    admin: "admin",
    finance: "finance",
    manager: "manager",
    employee: "employee",
    gone: "employee",
  }));
  await db.query(sql`update memberships set status = 'deactivated' where company_id = ${company.id} and user_id = ${people.gone.userId}`);
  const definition = { range: "last-week", values: { groupBy: "project" } };
  const reports = await db.query<{ id: string }>(sql`
    insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
    values (${company.id}, ${people.manager.userId}, 'Team hours', 'summary', ${definition}, true),
           (${company.id}, ${people.admin.userId}, 'Admin only', 'summary', ${definition}, false)
    returning id`);
  [sharedReport, privateReport] = reports.map((report) => report.id) as [string, string];
});

afterAll(async () => {
  await app.close();
  await db.close();
});

type Module = { loader?: (args: never) => unknown; action?: (args: never) => unknown };

async function call(module: Module, kind: "loader" | "action", token: string, path: string, params: Record<string, string>, body?: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body ?? {})) for (const item of [value].flat()) form.append(name, item);
  const request = await requestAs(context, token, path, body ? { method: "POST", body: form } : {});
  const fn = module[kind] as (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>;
  try {
    const outcome = await fn({ request, params: { company: company.slug, ...params }, context });
    return { status: statusOf(outcome) ?? 200, body: outcome as Record<string, unknown> };
  } catch (thrown) {
    return { status: statusOf(thrown), body: thrown as Record<string, unknown> };
  }
}

const base = () => `/c/${company.slug}/reports/schedules`;
const post = (token: string, body: Record<string, string | string[]>) => call(create, "action", token, `${base()}/new`, {}, body);
/** The field errors Conform's reply carries back to the form. */
const errorsOf = (outcome: { body: Record<string, unknown> }) =>
  ((outcome.body as { data?: { error?: Record<string, string[]> } }).data?.error ?? {}) as Record<string, string[]>;

const weeklyMonday = () => ({ reportId: sharedReport, frequency: "weekly", weekday: "1", hour: "8", recipientIds: [people.finance.userId, people.manager.userId] });

const syncJobs = async (scheduleId: string) =>
  (await db.query<{ count: number }>(sql`
    select count(*)::int as count from outbox where company_id = ${company.id} and job = 'sync-report-schedule' and payload->>'scheduleId' = ${scheduleId}`))[0]!.count;

const scheduleIds = async () =>
  (await db.query<{ id: string }>(sql`select id from report_schedules where company_id = ${company.id} order by created_at`)).map((row) => row.id);

describe("scheduled reports pages", () => {
  it("are for owners, admins and finance: managers and employees get 403", async () => {
    for (const role of ["manager", "employee"] as const) {
      expect((await call(list, "loader", tokens[role], base(), {})).status).toBe(403);
      expect((await call(create, "loader", tokens[role], `${base()}/new`, {})).status).toBe(403);
      expect((await post(tokens[role], weeklyMonday())).status).toBe(403);
    }
    expect((await call(list, "loader", tokens.finance, base(), {})).status).toBe(200);
  });

  it("offer the reports the member may send and the active members as recipients", async () => {
    const loaded = await call(create, "loader", tokens.finance, `${base()}/new`, {});
    const body = loaded.body as unknown as { reports: { id: string }[]; recipients: { label: string }[] };
    expect(body.reports.map((report) => report.id)).toEqual([sharedReport]);
    expect(body.recipients.map((r) => r.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^admin person </)]));
    expect(body.recipients.some((r) => r.label.startsWith("gone person"))).toBe(false);
  });

  it("refuse no recipients, unknown or deactivated ones, an unknown or private report, and an hour a DST change skips or repeats", async () => {
    // 400 for a form that doesn't parse; 422 for what only the company's data can refuse.
    const refusals = [
      [{ ...weeklyMonday(), recipientIds: [] }, 400, "recipientIds", /at least one person/],
      [{ ...weeklyMonday(), recipientIds: [crypto.randomUUID()] }, 422, "recipientIds", /not members of this company/],
      [{ ...weeklyMonday(), recipientIds: [people.gone.userId] }, 422, "recipientIds", /gone person is deactivated/],
      [{ ...weeklyMonday(), reportId: crypto.randomUUID() }, 422, "reportId", /Choose one of your saved reports or a shared one/],
      [{ ...weeklyMonday(), reportId: privateReport }, 422, "reportId", /Choose one of your saved reports or a shared one/],
      [{ ...weeklyMonday(), weekday: "7", hour: "2" }, 422, "hour", /^02:00 (doesn't exist|happens twice) on Sunday, .* in Europe\/Berlin: the clocks go (forward|back)/],
      [{ ...weeklyMonday(), frequency: "monthly", weekday: "", monthDay: "29" }, 400, "monthDay", /1 to 28/],
      [{ ...weeklyMonday(), hour: "24" }, 400, "hour", /Choose an hour/],
    ] as const;
    for (const [body, status, field, message] of refusals) {
      const outcome = await post(tokens.finance, body as unknown as Record<string, string | string[]>);
      expect({ field, status: outcome.status }).toEqual({ field, status });
      expect(errorsOf(outcome)[field]?.join(" ")).toMatch(message);
    }
    expect(await scheduleIds()).toEqual([]);
  });

  it("create a schedule with its scheduler sync queued, list it with its next run on the company's clock, then edit, pause, resume and delete it", async () => {
    const created = await post(tokens.finance, weeklyMonday());
    expect(created.status).toBe(302);
    expect(await flashOf(context, created.body)).toBe("The report is scheduled.");
    const [id] = await scheduleIds();
    expect(await syncJobs(id!)).toBe(1);

    const listed = await call(list, "loader", tokens.admin, base(), {});
    const [row] = (listed.body as unknown as { schedules: { id: string; nextRunAt: Date; lastPeriod: unknown; creatorName: string }[] }).schedules;
    expect(row).toMatchObject({ id, lastPeriod: null, creatorName: "finance person" });
    // Monday 08:00 in Berlin is 07:00 or 06:00 UTC.
    expect(row!.nextRunAt.getUTCDay()).toBe(1);
    expect([6, 7]).toContain(row!.nextRunAt.getUTCHours());

    // An admin edits it; the private report of the admin isn't the finance creator's to send.
    const path = `${base()}/${id}`;
    const refused = await call(edit, "action", tokens.admin, path, { scheduleId: id! }, { ...weeklyMonday(), reportId: privateReport });
    expect(errorsOf(refused).reportId?.join(" ")).toMatch(/runs as finance person, who can't see that private report/);
    const monthly = { ...weeklyMonday(), frequency: "monthly", weekday: "", monthDay: "1", hour: "6" };
    expect((await call(edit, "action", tokens.admin, path, { scheduleId: id! }, monthly)).status).toBe(302);
    expect((await db.query(sql`select frequency, weekday, month_day as "monthDay", hour from report_schedules where id = ${id!}`))[0]).toEqual({
      frequency: "monthly",
      weekday: null,
      monthDay: 1,
      hour: 6,
    });
    expect(await syncJobs(id!)).toBe(2);

    const act = (intent: string) => call(list, "action", tokens.admin, base(), {}, { intent, scheduleId: id! });
    expect((await act("pause")).status).toBe(302);
    const paused = await call(list, "loader", tokens.admin, base(), {});
    expect((paused.body as unknown as { schedules: { nextRunAt: unknown }[] }).schedules[0]!.nextRunAt).toBeNull();
    expect((await act("resume")).status).toBe(302);
    expect(await flashOf(context, (await act("send-now")).body)).toMatch(/^The report for \d{4}-\d{2}-01 to .* is being sent to 2 people\.$/);
    expect((await db.query(sql`select payload->>'asOf' as "asOf" from outbox where job = 'send-scheduled-report' and payload->>'scheduleId' = ${id!}`)).length).toBe(1);
    expect((await act("delete")).status).toBe(302);
    expect(await scheduleIds()).toEqual([]);
    expect(await syncJobs(id!)).toBe(5);
    expect((await act("pause")).status).toBe(404);
    expect((await call(edit, "loader", tokens.admin, path, { scheduleId: id! })).status).toBe(404);
  });

  it("won't resume a schedule whose hour became a DST problem, naming the day", async () => {
    // Written around the form, as a schedule made before the check, or a zone's rules changing, would be.
    const [row] = await db.query<{ id: string }>(sql`
      insert into report_schedules (company_id, report_id, created_by, frequency, weekday, hour, recipient_ids, enabled)
      values (${company.id}, ${sharedReport}, ${people.admin.userId}, 'weekly', 7, 2, ${[people.admin.userId]}::uuid[], false)
      returning id`);
    const resumed = await call(list, "action", tokens.admin, base(), {}, { intent: "resume", scheduleId: row!.id });
    expect(resumed.status).toBe(422);
    expect(errorsOf(resumed)[""]?.join(" ")).toMatch(/^02:00 .* Sunday, .* Edit the schedule first\.$/);
    await db.query(sql`delete from report_schedules where id = ${row!.id}`);
  });
});
