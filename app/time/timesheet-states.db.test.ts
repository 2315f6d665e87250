import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext, type TenantTransaction } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { addToTeam, createProject, createTeam, lockUntil, setTimesheetStatus, timesheetFor } from "../../db/testing/time-fixtures";
import {
  timesheetMoves,
  timesheetStatuses,
  transition,
  type Actor,
  type TimesheetMove,
  type TimesheetStatus,
} from "./timesheet-states";
import { shiftDay } from "../kernel/clock/weeks";

/**
 * Generated from the transition table of timesheet-states.ts: every status change a
 * row could make, tried in the database as every kind of member, must be accepted
 * exactly when the table has a move making it that the member may take. So the
 * trigger of migration 0006 and the table can't drift apart unnoticed.
 */

let db: TestDatabase;
let companyId: string;
let projectId: string;
const members: Record<"owner" | "admin" | "manager" | "otherManager" | "finance" | "person" | "colleague", TenantContext> =
  {} as never;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "State machine Co");
  for (const [name, role] of [
    ["owner", "owner"],
    ["admin", "admin"],
    ["manager", "manager"],
    ["otherManager", "manager"],
    ["finance", "finance"],
    ["person", "employee"],
    ["colleague", "employee"],
  ] as const) {
    members[name] = await createMember(db, companyId, role);
  }
  const team = await createTeam(db, companyId);
  await addToTeam(db, companyId, team, members.manager.userId, { manager: true });
  await addToTeam(db, companyId, team, members.person.userId);
  const otherTeam = await createTeam(db, companyId);
  await addToTeam(db, companyId, otherTeam, members.otherManager.userId, { manager: true });
  await addToTeam(db, companyId, otherTeam, members.colleague.userId);
  projectId = await createProject(db, companyId);
});
afterAll(() => db.close());

/** Each kind of member, the sheet they act on, and what the table knows of them. */
const actors: Record<string, { member: () => TenantContext; sheetOf: () => TenantContext; actor: Actor }> = {
  owner: { member: () => members.owner, sheetOf: () => members.person, actor: { role: "owner", isOwn: false, managesPerson: false } },
  "owner on their own sheet": { member: () => members.owner, sheetOf: () => members.owner, actor: { role: "owner", isOwn: true, managesPerson: false } },
  admin: { member: () => members.admin, sheetOf: () => members.person, actor: { role: "admin", isOwn: false, managesPerson: false } },
  "manager of the person": { member: () => members.manager, sheetOf: () => members.person, actor: { role: "manager", isOwn: false, managesPerson: true } },
  "manager not of the person": { member: () => members.otherManager, sheetOf: () => members.person, actor: { role: "manager", isOwn: false, managesPerson: false } },
  "manager on their own sheet": { member: () => members.manager, sheetOf: () => members.manager, actor: { role: "manager", isOwn: true, managesPerson: true } },
  "finance member": { member: () => members.finance, sheetOf: () => members.person, actor: { role: "finance", isOwn: false, managesPerson: false } },
  "finance member on their own sheet": { member: () => members.finance, sheetOf: () => members.finance, actor: { role: "finance", isOwn: true, managesPerson: false } },
  "employee on their own sheet": { member: () => members.person, sheetOf: () => members.person, actor: { role: "employee", isOwn: true, managesPerson: false } },
  "employee on someone else's": { member: () => members.colleague, sheetOf: () => members.person, actor: { role: "employee", isOwn: false, managesPerson: false } },
};
const actorNames = Object.keys(actors);

// Whom the update policy lets reach the row at all (RLS, not the state machine): the
// others find no row, so their attempt changes nothing without an error.
const reachesRow = ({ role, isOwn, managesPerson }: Actor) => isOwn || managesPerson || role === "owner" || role === "admin";

/** The row updates the table makes, each with the moves it belongs to. */
function movesMaking(from: TimesheetStatus, to: TimesheetStatus): TimesheetMove[] {
  return (Object.keys(timesheetMoves) as TimesheetMove[]).filter((move) =>
    Object.entries(timesheetMoves[move].from).some(([start, steps]) =>
      [start, ...steps].some((status, i, path) => status === from && path[i + 1] === to),
    ),
  );
}

const statusChanges = timesheetStatuses.flatMap((from) => timesheetStatuses.filter((to) => to !== from).map((to) => ({ from, to })));

// One week per sheet, so no case meets another's timesheet.
let weeksUsed = 0;
const freshWeek = () => shiftDay("2025-01-06", 7 * weeksUsed++);

async function sheetIn(userId: string, status: TimesheetStatus): Promise<{ id: string; week: string }> {
  const week = freshWeek();
  const id = await timesheetFor(db, companyId, userId, week);
  await setTimesheetStatus(db, id, status);
  return { id, week };
}

async function statusOf(id: string): Promise<TimesheetStatus> {
  const [row] = await db.query<{ status: TimesheetStatus }>(sql`select status from timesheets where id = ${id}`);
  return row!.status;
}

type Outcome = "accepted" | "unchanged" | string;

/** Run writes as the member: 'accepted', or the SQLSTATE the database refused them with. */
async function asMember(member: TenantContext, work: (tx: TenantTransaction) => Promise<unknown>): Promise<Outcome> {
  const result = await withTenant(db, member, (tx) => attempt(tx, work));
  return result.ok ? "accepted" : String((result.error as { code?: string }).code);
}

/** The row update the models issue for one step: a sent-back week carries its reason. */
const step = (id: string, to: TimesheetStatus) => (tx: TenantTransaction) =>
  tx.query(sql`update timesheets set status = ${to}, comment = ${to === "rejected" ? "Tuesday is missing" : null}
                where company_id = ${companyId} and id = ${id}`);

/**
 * What the table says must happen, against what did: accepted when allowed; when
 * only the status forbids it, the trigger's 55000; when only the member, the
 * trigger's 42501 or (RLS) no row; when both, any refusal.
 */
function expectAgreement(outcome: Outcome, expected: { statusAllows: boolean; memberMay: boolean; reaches: boolean }, label: string) {
  const { statusAllows, memberMay, reaches } = expected;
  if (statusAllows && memberMay) expect(outcome, label).toBe("accepted");
  else if (memberMay) expect(outcome, label).toBe("55000");
  else if (statusAllows) expect(outcome, label).toBe(reaches ? "42501" : "unchanged");
  else expect(["55000", "42501", "unchanged"], label).toContain(outcome);
}

describe("the timesheet table and migration 0006's trigger agree", () => {
  describe.each(actorNames)("as the %s", (name) => {
    const { member, sheetOf, actor } = actors[name]!;

    it.each(statusChanges)("on $from → $to", async ({ from, to }) => {
      const moves = movesMaking(from, to);
      const statusAllows = moves.length > 0;
      const memberMay = moves.some((move) => timesheetMoves[move].who(actor));
      const { id } = await sheetIn(sheetOf().userId, from);
      let outcome = await asMember(member(), step(id, to));
      if (outcome === "accepted" && (await statusOf(id)) !== to) outcome = "unchanged";
      expectAgreement(outcome, { statusAllows, memberMay, reaches: reachesRow(actor) }, `${name}: ${from} → ${to} (${moves.join(", ") || "no move"})`);
      if (outcome !== "accepted") expect(await statusOf(id)).toBe(from);
    });

    it.each(statusChanges.filter(({ from, to }) => movesMaking(from, to).some((move) => timesheetMoves[move].who(actor))))(
      "on $from → $to in a locked week",
      async ({ from, to }) => {
        const closed = movesMaking(from, to).some((move) => timesheetMoves[move].closedByLock);
        const { id, week } = await sheetIn(sheetOf().userId, from);
        await lockUntil(db, companyId, shiftDay(week, 6));
        try {
          expect(await asMember(member(), step(id, to))).toBe(closed ? "55000" : "accepted");
        } finally {
          await lockUntil(db, companyId, null);
        }
      },
    );

    // Editing is checked by time_entries_guard: time changes only in a week the table lets be edited.
    const editWeek = (status: TimesheetStatus, sheetId: string, week: string) => async (tx: TenantTransaction) => {
      const edited = transition(status, "edit");
      for (const next of edited.ok ? edited.steps : []) await step(sheetId, next)(tx);
      await tx.query(sql`
        insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
        values (${companyId}, ${sheetOf().userId}, ${sheetId}, ${projectId}, ${week}, 60, true)`);
    };

    it.each(timesheetStatuses)("on changing the time of a %s week", async (status) => {
      const { id, week } = await sheetIn(sheetOf().userId, status);
      const outcome = await asMember(member(), editWeek(status, id, week));
      // RLS makes no silent no-op of an insert: a member who may not write here is refused outright.
      const expected = { statusAllows: transition(status, "edit").ok, memberMay: timesheetMoves.edit.who(actor), reaches: true };
      expectAgreement(outcome, expected, `${name}: edit a ${status} week`);
    });

    it.each(timesheetStatuses.filter((status) => transition(status, "edit").ok && timesheetMoves.edit.who(actor)))(
      "on changing the time of a %s week that is locked",
      async (status) => {
        const { id, week } = await sheetIn(sheetOf().userId, status);
        await lockUntil(db, companyId, shiftDay(week, 6));
        try {
          expect(await asMember(member(), editWeek(status, id, week))).toBe(timesheetMoves.edit.closedByLock ? "55000" : "accepted");
        } finally {
          await lockUntil(db, companyId, null);
        }
      },
    );
  });
});
