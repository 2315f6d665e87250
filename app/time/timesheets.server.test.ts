import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import {
  addToTeam,
  createClient,
  createEntry,
  createProject,
  createTeam,
  lockUntil,
  setTimesheetStatus,
  timesheetFor,
} from "../../db/testing/time-fixtures";
import { shiftDay } from "~/kernel/clock/weeks";
import type { TimesheetStatus } from "./entries.server";
import {
  allowedActions,
  listWaitingTimesheets,
  transitionTimesheets,
  type Actor,
  type TimesheetAction,
} from "./timesheets.server";

let db: TestDatabase;
let companyId: string;
let owner: TenantContext;
let admin: TenantContext;
let manager: TenantContext;
let otherManager: TenantContext;
let finance: TenantContext;
let person: TenantContext;
let colleague: TenantContext;
let projectId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Approvals Co");
  owner = await createMember(db, companyId, "owner");
  admin = await createMember(db, companyId, "admin");
  manager = await createMember(db, companyId, "manager");
  otherManager = await createMember(db, companyId, "manager");
  finance = await createMember(db, companyId, "finance");
  person = await createMember(db, companyId, "employee");
  colleague = await createMember(db, companyId, "employee");
  const team = await createTeam(db, companyId);
  await addToTeam(db, companyId, team, manager.userId, { manager: true });
  await addToTeam(db, companyId, team, person.userId);
  const otherTeam = await createTeam(db, companyId);
  await addToTeam(db, companyId, otherTeam, otherManager.userId, { manager: true });
  await addToTeam(db, companyId, otherTeam, colleague.userId);
  projectId = await createProject(db, companyId);
});
afterAll(() => db.close());

// Each sheet gets its own week, so tests never meet each other's timesheets.
let weeksUsed = 0;
const freshWeek = () => shiftDay("2025-01-06", 7 * weeksUsed++);

async function sheetIn(userId: string, status: TimesheetStatus, week = freshWeek()): Promise<string> {
  const id = await timesheetFor(db, companyId, userId, week);
  await setTimesheetStatus(db, id, status);
  return id;
}

async function statusOf(id: string) {
  const [row] = await db.query<{ status: TimesheetStatus; comment: string | null; decidedBy: string | null }>(sql`
    select status, comment, decided_by as "decidedBy" from timesheets where id = ${id}`);
  return row!;
}

/** Update the row as the actor, straight in SQL: 'moved', 'unchanged' (RLS found no row) or the SQLSTATE. */
async function moveInDatabase(actor: TenantContext, id: string, to: TimesheetStatus, comment: string | null = null) {
  const result = await withTenant(db, actor, (tx) =>
    attempt(tx, (inner) => inner.query(sql`update timesheets set status = ${to}, comment = ${comment} where company_id = ${companyId} and id = ${id}`)),
  );
  if (!result.ok) return (result.error as { code: string }).code;
  return (await statusOf(id)).status === to ? "moved" : "unchanged";
}

// ----------------------------------------------------------------- the status machine

const actors = {
  owner: { context: () => owner, sheetOf: () => person, actor: { role: "owner", isOwn: false, managesPerson: false } },
  admin: { context: () => admin, sheetOf: () => person, actor: { role: "admin", isOwn: false, managesPerson: false } },
  "manager of the person": { context: () => manager, sheetOf: () => person, actor: { role: "manager", isOwn: false, managesPerson: true } },
  "manager not of the person": { context: () => otherManager, sheetOf: () => person, actor: { role: "manager", isOwn: false, managesPerson: false } },
  "manager on their own sheet": { context: () => manager, sheetOf: () => manager, actor: { role: "manager", isOwn: true, managesPerson: true } },
  finance: { context: () => finance, sheetOf: () => person, actor: { role: "finance", isOwn: false, managesPerson: false } },
  "employee on their own sheet": { context: () => person, sheetOf: () => person, actor: { role: "employee", isOwn: true, managesPerson: false } },
  "employee on someone else's": { context: () => colleague, sheetOf: () => person, actor: { role: "employee", isOwn: false, managesPerson: false } },
} satisfies Record<string, { context: () => TenantContext; sheetOf: () => TenantContext; actor: Actor }>;

type ActorName = keyof typeof actors;

const expectedActions: Record<ActorName, Record<TimesheetStatus, TimesheetAction[]>> = {
  owner: { draft: ["submit"], rejected: ["submit"], submitted: ["withdraw", "approve", "reject"], approved: ["reopen"] },
  admin: { draft: ["submit"], rejected: ["submit"], submitted: ["withdraw", "approve", "reject"], approved: ["reopen"] },
  "manager of the person": { draft: [], rejected: [], submitted: ["approve", "reject"], approved: [] },
  "manager not of the person": { draft: [], rejected: [], submitted: [], approved: [] },
  "manager on their own sheet": { draft: ["submit"], rejected: ["submit"], submitted: ["withdraw"], approved: [] },
  finance: { draft: [], rejected: [], submitted: [], approved: [] },
  "employee on their own sheet": { draft: ["submit"], rejected: ["submit"], submitted: ["withdraw"], approved: [] },
  "employee on someone else's": { draft: [], rejected: [], submitted: [], approved: [] },
};

/** Each action as the row change the database sees; a sent-back week is edited back to draft before it is resubmitted. */
const moves: { action: TimesheetAction; from: TimesheetStatus; to: TimesheetStatus; comment?: string }[] = [
  { action: "submit", from: "draft", to: "submitted" },
  { action: "submit", from: "rejected", to: "draft" },
  { action: "withdraw", from: "submitted", to: "draft" },
  { action: "approve", from: "submitted", to: "approved" },
  { action: "reject", from: "submitted", to: "rejected", comment: "Tuesday is missing" },
  { action: "reopen", from: "approved", to: "draft" },
];

describe("the timesheet status machine", () => {
  describe.each(Object.keys(actors) as ActorName[])("for the %s", (name) => {
    const { context, sheetOf, actor } = actors[name];

    it.each(["draft", "submitted", "approved", "rejected"] as const)("offers exactly the allowed actions on a %s week", (status) => {
      expect(allowedActions(status, actor as Actor)).toEqual(expectedActions[name][status]);
    });

    it("is enforced by the database the same way, whatever the application asks", async () => {
      for (const move of moves) {
        const id = await sheetIn(sheetOf().userId, move.from);
        const outcome = await moveInDatabase(context(), id, move.to, move.comment ?? null);
        const allowed = expectedActions[name][move.from].includes(move.action);
        const label = `${move.action}: ${move.from} → ${move.to}`;
        // Whoever the update policy lets reach the row is refused by the trigger; anyone else finds no row.
        const reachesRow = actor.isOwn || actor.managesPerson || actor.role === "owner" || actor.role === "admin";
        expect(outcome, label).toBe(allowed ? "moved" : reachesRow ? "42501" : "unchanged");
        if (!allowed) expect((await statusOf(id)).status, label).toBe(move.from);
      }
    });
  });

  it.each([
    ["draft", "approved"],
    ["draft", "rejected"],
    ["rejected", "submitted"],
    ["rejected", "approved"],
    ["approved", "submitted"],
    ["approved", "rejected"],
  ] as const)("never lets a week jump from %s to %s, even for the owner", async (from, to) => {
    const id = await sheetIn(person.userId, from);
    expect(await moveInDatabase(owner, id, to, to === "rejected" ? "Why" : null)).toBe("55000");
  });

  it("refuses to change a sheet's comment without a decision, or its person or week", async () => {
    const id = await sheetIn(person.userId, "rejected");
    const comment = await withTenant(db, person, (tx) =>
      attempt(tx, (inner) => inner.query(sql`update timesheets set comment = 'All fine really' where id = ${id}`)),
    );
    expect(comment.ok ? null : (comment.error as { code: string }).code).toBe("55000");
    expect((await statusOf(id)).comment).toBe("Please fix Tuesday");
  });

  it("always covers one of the company's weeks, so a person's timesheets never overlap", async () => {
    const monday = freshWeek();
    const insert = (weekStart: string) =>
      withTenant(db, person, (tx) =>
        attempt(tx, (inner) => inner.query(sql`insert into timesheets (company_id, user_id, week_start) values (${companyId}, ${person.userId}, ${weekStart})`)),
      );
    const misaligned = await insert(shiftDay(monday, 2));
    expect(misaligned.ok ? null : (misaligned.error as { code: string }).code).toBe("42501");
    expect((await insert(monday)).ok).toBe(true);
  });

  it("records who decided, and hides a manager's own week from their decision", async () => {
    const id = await sheetIn(person.userId, "submitted");
    const result = await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [id], action: "approve" }));
    expect(result).toEqual({ ok: true, count: 1 });
    expect(await statusOf(id)).toEqual({ status: "approved", comment: null, decidedBy: manager.userId });

    const own = await sheetIn(manager.userId, "submitted");
    const refused = await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [own], action: "approve" }));
    expect(refused).toMatchObject({ ok: false, status: 403, message: expect.stringContaining("can't be approved by you") });
    expect((await statusOf(own)).status).toBe("submitted");
  });

  it("gives no answer for a timesheet the member can't see, as for an unknown id", async () => {
    const id = await sheetIn(person.userId, "submitted");
    expect(await withTenant(db, otherManager, (tx) => transitionTimesheets(tx, { ids: [id], action: "approve" }))).toBeNull();
    expect((await statusOf(id)).status).toBe("submitted");
  });

  it("moves several weeks all or none", async () => {
    const waiting = await sheetIn(person.userId, "submitted");
    const alreadyApproved = await sheetIn(person.userId, "approved");
    const result = await withTenant(db, admin, (tx) => transitionTimesheets(tx, { ids: [waiting, alreadyApproved], action: "approve" }));
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect((await statusOf(waiting)).status).toBe("submitted");
  });
});

describe("sending a week back", () => {
  it("needs a comment, in the model and in the database", async () => {
    const id = await sheetIn(person.userId, "submitted");
    for (const comment of [null, "", "   "]) {
      const result = await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [id], action: "reject", comment }));
      expect(result).toEqual({ ok: false, status: 409, message: "Say what needs to change when sending a week back" });
    }
    expect(await moveInDatabase(manager, id, "rejected", "  ")).toBe("23514");
    expect(await moveInDatabase(manager, id, "rejected", null)).toBe("23514");

    const sent = await withTenant(db, manager, (tx) =>
      transitionTimesheets(tx, { ids: [id], action: "reject", comment: "  Tuesday is missing " }),
    );
    expect(sent).toEqual({ ok: true, count: 1 });
    expect(await statusOf(id)).toEqual({ status: "rejected", comment: "Tuesday is missing", decidedBy: manager.userId });
  });

  it("lets the person resubmit, which clears the comment", async () => {
    const id = await sheetIn(person.userId, "rejected");
    expect(await withTenant(db, person, (tx) => transitionTimesheets(tx, { ids: [id], action: "submit" }))).toEqual({ ok: true, count: 1 });
    expect(await statusOf(id)).toMatchObject({ status: "submitted", comment: null });
  });
});

// ----------------------------------------------------------------- frozen rates

describe("approval", () => {
  async function ratesOf(timesheetId: string) {
    return db.query<{ projectId: string; rate: number | null; currency: string | null; frozen: boolean }>(sql`
      select project_id as "projectId", rate_minor as rate, currency, frozen_at is not null as frozen
        from time_entries where timesheet_id = ${timesheetId} order by minutes`);
  }
  const decide = (actor: TenantContext, id: string, action: TimesheetAction) =>
    withTenant(db, actor, (tx) => transitionTimesheets(tx, { ids: [id], action }));

  it("freezes each entry's rate: the project's, else the client's, none when not billable; later rate changes don't reach it", async () => {
    await db.query(sql`update companies set currency = 'CHF' where id = ${companyId}`);
    const client = await createClient(db, companyId, { currency: "USD", hourlyRateMinor: 10_000 });
    const ownRate = await createProject(db, companyId, { clientId: client, hourlyRateMinor: 15_000 });
    const clientRate = await createProject(db, companyId, { clientId: client });
    const noClient = await createProject(db, companyId, { hourlyRateMinor: 5_000 });
    const week = freshWeek();
    const day = (offset: number) => shiftDay(week, offset);
    await createEntry(db, { companyId, userId: person.userId, projectId: ownRate, day: day(0), minutes: 10 });
    await createEntry(db, { companyId, userId: person.userId, projectId: clientRate, day: day(1), minutes: 20 });
    await createEntry(db, { companyId, userId: person.userId, projectId: noClient, day: day(2), minutes: 30 });
    const { timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId: ownRate, day: day(3), minutes: 40, billable: false });
    await setTimesheetStatus(db, timesheetId, "submitted");

    expect(await decide(manager, timesheetId, "approve")).toEqual({ ok: true, count: 1 });
    const frozen = [
      { projectId: ownRate, rate: 15_000, currency: "USD", frozen: true },
      { projectId: clientRate, rate: 10_000, currency: "USD", frozen: true },
      { projectId: noClient, rate: 5_000, currency: "CHF", frozen: true },
      { projectId: ownRate, rate: null, currency: "USD", frozen: true },
    ];
    expect(await ratesOf(timesheetId)).toEqual(frozen);

    await db.query(sql`update projects set hourly_rate_minor = ${20_000} where id = ${ownRate}`);
    await db.query(sql`update clients set hourly_rate_minor = ${12_000} where id = ${client}`);
    expect(await ratesOf(timesheetId)).toEqual(frozen);

    // Reopening clears the frozen rates; approving again freezes the rates in force then.
    expect(await decide(admin, timesheetId, "reopen")).toEqual({ ok: true, count: 1 });
    expect(await ratesOf(timesheetId)).toEqual(frozen.map((entry) => ({ ...entry, rate: null, currency: null, frozen: false })));
    expect(await decide(person, timesheetId, "submit")).toEqual({ ok: true, count: 1 });
    expect(await decide(owner, timesheetId, "approve")).toEqual({ ok: true, count: 1 });
    expect(await ratesOf(timesheetId)).toEqual([
      { projectId: ownRate, rate: 20_000, currency: "USD", frozen: true },
      { projectId: clientRate, rate: 12_000, currency: "USD", frozen: true },
      { projectId: noClient, rate: 5_000, currency: "CHF", frozen: true },
      { projectId: ownRate, rate: null, currency: "USD", frozen: true },
    ]);
    await db.query(sql`update companies set currency = 'EUR' where id = ${companyId}`);
  });

  it("lets nobody set a rate on an entry by hand", async () => {
    const { id, timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: freshWeek(), minutes: 60 });
    await withTenant(db, admin, (tx) => tx.query(sql`update time_entries set rate_minor = 1, currency = 'EUR', frozen_at = now() where id = ${id}`));
    expect(await ratesOf(timesheetId)).toEqual([{ projectId, rate: null, currency: null, frozen: false }]);

    await setTimesheetStatus(db, timesheetId, "approved");
    const changed = await withTenant(db, admin, (tx) =>
      attempt(tx, (inner) => inner.query(sql`update time_entries set rate_minor = 1 where id = ${id}`)),
    );
    expect(changed.ok ? null : (changed.error as { code: string }).code).toBe("55000");
  });
});

// ----------------------------------------------------------------- entries of decided and locked weeks

describe("entries of a submitted or approved week", () => {
  const writes = {
    insert: (timesheetId: string, day: string) => sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
      values (${companyId}, ${person.userId}, ${timesheetId}, ${projectId}, ${day}, 30, true)`,
    update: (entryId: string) => sql`update time_entries set minutes = 45 where id = ${entryId}`,
    delete: (entryId: string) => sql`delete from time_entries where id = ${entryId}`,
  };

  async function tryRaw(actor: TenantContext, statement: ReturnType<typeof sql>) {
    const result = await withTenant(db, actor, (tx) => attempt(tx, (inner) => inner.query(statement)));
    return result.ok ? "done" : (result.error as { code: string }).code;
  }

  it.each([
    ["submitted", "the person"],
    ["submitted", "an admin"],
    ["approved", "the person"],
    ["approved", "an admin"],
  ] as const)("can't be inserted, updated or deleted in a %s week, even in raw SQL by %s", async (status, who) => {
    const actor = who === "the person" ? person : admin;
    const day = freshWeek();
    const { id, timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day, minutes: 60 });
    await setTimesheetStatus(db, timesheetId, status);

    expect(await tryRaw(actor, writes.insert(timesheetId, shiftDay(day, 1)))).toBe("55000");
    expect(await tryRaw(actor, writes.update(id))).toBe("55000");
    expect(await tryRaw(actor, writes.delete(id))).toBe("55000");
    const rows = await db.query<{ minutes: number }>(sql`select minutes from time_entries where timesheet_id = ${timesheetId}`);
    expect(rows).toEqual([{ minutes: 60 }]);
  });

  it("can change again once the week is back to draft", async () => {
    const { id, timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: freshWeek(), minutes: 60 });
    await setTimesheetStatus(db, timesheetId, "submitted");
    expect(await moveInDatabase(person, timesheetId, "draft")).toBe("moved");
    expect(await tryRaw(person, writes.update(id))).toBe("done");
  });

  describe("in a locked period", () => {
    it("can't be submitted, withdrawn or reopened, and its entries can't change", async () => {
      const week = freshWeek();
      const draft = await createEntry(db, { companyId, userId: person.userId, projectId, day: week, minutes: 60 });
      const approved = await sheetIn(colleague.userId, "approved", week);
      const submitted = await sheetIn(manager.userId, "submitted", week);
      await lockUntil(db, companyId, week);
      try {
        expect(await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [submitted], action: "withdraw" }))).toEqual({
          ok: false,
          status: 422,
          message: expect.stringContaining("is in a locked period"),
        });
        expect(await moveInDatabase(manager, submitted, "draft")).toBe("55000");
        expect(await withTenant(db, person, (tx) => transitionTimesheets(tx, { ids: [draft.timesheetId], action: "submit" }))).toEqual({
          ok: false,
          status: 422,
          message: expect.stringContaining("is in a locked period"),
        });
        expect(await moveInDatabase(person, draft.timesheetId, "submitted")).toBe("55000");
        expect(await withTenant(db, admin, (tx) => transitionTimesheets(tx, { ids: [approved], action: "reopen" }))).toEqual({
          ok: false,
          status: 422,
          message: expect.stringContaining("is in a locked period"),
        });
        expect(await moveInDatabase(admin, approved, "draft")).toBe("55000");

        expect(await tryRaw(person, writes.insert(draft.timesheetId, week))).toBe("55000");
        expect(await tryRaw(admin, writes.update(draft.id))).toBe("55000");
        expect(await tryRaw(person, writes.delete(draft.id))).toBe("55000");
        // The days after the lock date stay open.
        expect(await tryRaw(person, writes.insert(draft.timesheetId, shiftDay(week, 1)))).toBe("done");
      } finally {
        await lockUntil(db, companyId, null);
      }
    });

    it("can still be approved when it was submitted before the lock, freezing its rates", async () => {
      const week = freshWeek();
      const { id, timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: week, minutes: 60 });
      await setTimesheetStatus(db, timesheetId, "submitted");
      await lockUntil(db, companyId, shiftDay(week, 6));
      try {
        expect(await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [timesheetId], action: "approve" }))).toEqual({
          ok: true,
          count: 1,
        });
      } finally {
        await lockUntil(db, companyId, null);
      }
      const [entry] = await db.query<{ frozen: boolean }>(sql`select frozen_at is not null as frozen from time_entries where id = ${id}`);
      expect(entry).toEqual({ frozen: true });
    });
  });
});

// ----------------------------------------------------------------- notifications

describe("notifications", () => {
  async function notified(timesheetId: string) {
    return db.query<{ userId: string; kind: string; body: string | null; emailed: boolean }>(sql`
      select n.user_id as "userId", n.kind, n.body,
             exists (select 1 from outbox o join users u on u.email = o.payload->>'to'
                      where u.id = n.user_id and o.payload->>'template' = n.kind
                        and o.payload->'props'->>'weekStart' = s.week_start::text) as emailed
        from notifications n
        join timesheets s on s.id = ${timesheetId} and n.data->>'weekStart' = s.week_start::text
       where n.company_id = ${companyId}
       order by n.kind, n.user_id`);
  }
  const byUser = (rows: { userId: string }[]) => rows.map((row) => row.userId).sort();

  it("asks the managers of the person's teams when a week is submitted, and emails them", async () => {
    const id = await sheetIn(person.userId, "draft");
    expect(await withTenant(db, person, (tx) => transitionTimesheets(tx, { ids: [id], action: "submit" }))).toEqual({ ok: true, count: 1 });
    expect(await notified(id)).toEqual([{ userId: manager.userId, kind: "timesheet-submitted", body: null, emailed: true }]);
  });

  it("asks the owners and admins when the person has no team manager", async () => {
    const loner = await createMember(db, companyId, "employee");
    const id = await sheetIn(loner.userId, "draft");
    await withTenant(db, loner, (tx) => transitionTimesheets(tx, { ids: [id], action: "submit" }));
    const rows = await notified(id);
    expect(byUser(rows)).toEqual([owner.userId, admin.userId].sort());
    expect(rows.every((row) => row.kind === "timesheet-submitted" && row.emailed)).toBe(true);
  });

  it("sends a manager's own week to the owners and admins when nobody else manages their team", async () => {
    const id = await sheetIn(manager.userId, "draft");
    await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [id], action: "submit" }));
    expect(byUser(await notified(id))).toEqual([owner.userId, admin.userId].sort());
  });

  it("doesn't count an archived team's manager, or a team 'manager' whose role can't approve", async () => {
    const member = await createMember(db, companyId, "employee");
    const archived = await createTeam(db, companyId, { archived: true });
    await addToTeam(db, companyId, archived, otherManager.userId, { manager: true });
    await addToTeam(db, companyId, archived, member.userId);
    const lead = await createMember(db, companyId, "employee");
    const team = await createTeam(db, companyId);
    await addToTeam(db, companyId, team, lead.userId, { manager: true });
    await addToTeam(db, companyId, team, member.userId);

    const id = await sheetIn(member.userId, "draft");
    await withTenant(db, member, (tx) => transitionTimesheets(tx, { ids: [id], action: "submit" }));
    expect(byUser(await notified(id))).toEqual([owner.userId, admin.userId].sort());
  });

  it("tells the person when their week is approved or sent back, with the reason", async () => {
    const approved = await sheetIn(person.userId, "submitted");
    await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [approved], action: "approve" }));
    expect(await notified(approved)).toEqual([{ userId: person.userId, kind: "timesheet-approved", body: null, emailed: true }]);

    const sentBack = await sheetIn(person.userId, "submitted");
    await withTenant(db, manager, (tx) => transitionTimesheets(tx, { ids: [sentBack], action: "reject", comment: "Add the Friday call" }));
    expect(await notified(sentBack)).toEqual([{ userId: person.userId, kind: "timesheet-sent-back", body: "Add the Friday call", emailed: true }]);
  });
});

// ----------------------------------------------------------------- the approvals page

describe("listWaitingTimesheets", () => {
  it("shows a manager their teams' submitted weeks but not their own, and an admin everyone's", async () => {
    const week = freshWeek();
    const persons = await sheetIn(person.userId, "submitted", week);
    const colleagues = await sheetIn(colleague.userId, "submitted", week);
    const managers = await sheetIn(manager.userId, "submitted", week);
    await sheetIn(finance.userId, "draft", week);

    const ids = async (actor: TenantContext) =>
      (await withTenant(db, actor, (tx) => listWaitingTimesheets(tx, { weekStart: week }))).sheets.map((sheet) => sheet.id).sort();
    expect(await ids(manager)).toEqual([persons]);
    expect(await ids(otherManager)).toEqual([colleagues]);
    expect(await ids(admin)).toEqual([persons, colleagues, managers].sort());
    expect(await ids(person)).toEqual([]);
  });
});
