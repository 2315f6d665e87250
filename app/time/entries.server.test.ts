import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import {
  addToTeam,
  assignToProject,
  createEntry,
  createProject,
  createTask,
  createTeam,
  lockUntil,
  setTimesheetStatus,
} from "../../db/testing/time-fixtures";
import { cellKey, deleteEntry, getEntry, saveWeek, writeEntry, type WeekCellInput } from "./entries.server";

// Wednesday of the week of 16 November 2026 (weeks start on Monday, the company is on UTC).
const now = new Date("2026-11-18T12:00:00Z");
const week = "2026-11-16";
const [mon, tue, wed, thu] = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"] as const;

let db: TestDatabase;
let companyId: string;
let admin: TenantContext;
let projectId: string;
let taskId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Grid Co");
  admin = await createMember(db, companyId, "owner");
  projectId = await createProject(db, companyId, { name: "Website" });
  taskId = await createTask(db, companyId, projectId, { name: "Design" });
});
afterAll(() => db.close());


const employee = () => createMember(db, companyId, "employee");

const save = (person: TenantContext, cells: WeekCellInput[], weekStart = week) =>
  withTenant(db, person, (tx) => saveWeek(tx, { userId: person.userId, weekStart, cells }, now));

const cell = (day: string, duration: string, more: Partial<WeekCellInput> = {}): WeekCellInput => ({
  projectId,
  taskId: null,
  day,
  duration,
  ...more,
});

async function entriesOf(userId: string) {
  return db.query<{ projectId: string; taskId: string | null; day: string; minutes: number; notes: string | null }>(sql`
    select project_id as "projectId", task_id as "taskId", work_date as day, minutes, notes
      from time_entries where company_id = ${companyId} and user_id = ${userId} order by work_date, minutes`);
}

async function timesheetsOf(userId: string) {
  return db.query<{ weekStart: string; status: string }>(sql`
    select week_start as "weekStart", status from timesheets where company_id = ${companyId} and user_id = ${userId}`);
}

describe("saving the week grid", () => {
  it("inserts typed cells, updates changed ones and clears emptied ones, keeping notes unless given", async () => {
    const person = await employee();
    expect(await save(person, [cell(mon, "1:30", { notes: "Kick-off" }), cell(tue, "2h", { taskId })])).toEqual({ ok: true, changed: 2 });
    expect(await entriesOf(person.userId)).toEqual([
      { projectId, taskId: null, day: mon, minutes: 90, notes: "Kick-off" },
      { projectId, taskId, day: tue, minutes: 120, notes: null },
    ]);
    expect(await timesheetsOf(person.userId)).toEqual([{ weekStart: week, status: "draft" }]);

    const again = await save(person, [cell(mon, "2:15"), cell(tue, "", { taskId }), cell(wed, "  ")]);
    expect(again).toEqual({ ok: true, changed: 2 });
    expect(await entriesOf(person.userId)).toEqual([{ projectId, taskId: null, day: mon, minutes: 135, notes: "Kick-off" }]);

    expect(await save(person, [cell(mon, "2.25")])).toEqual({ ok: true, changed: 0 });
  });

  it("refuses a day over 24 hours, counting entries logged in the day view, with the message on the cell", async () => {
    const person = await employee();
    const other = await createProject(db, companyId);
    await createEntry(db, { companyId, userId: person.userId, projectId: other, day: wed, minutes: 20 * 60 });

    const result = await save(person, [cell(wed, "4:01"), cell(thu, "8h")]);
    expect(result).toEqual({ ok: false, formError: null, cellErrors: { [cellKey(projectId, null, wed)]: "This day would have more than 24 hours" } });
    expect((await entriesOf(person.userId)).map((entry) => entry.day)).toEqual([wed]);

    expect(await save(person, [cell(wed, "4:00")])).toEqual({ ok: true, changed: 1 });
  });

  it("counts two grid cells of the same day together against the 24 hours", async () => {
    const person = await employee();
    const result = await save(person, [cell(thu, "12:00"), cell(thu, "12:01", { taskId })]);
    expect(result.ok).toBe(false);
    expect(result.ok ? null : Object.values(result.cellErrors)).toContain("This day would have more than 24 hours");
    expect(await entriesOf(person.userId)).toEqual([]);
  });

  it("refuses days after the end of the current week", async () => {
    const person = await employee();
    const nextWeek = "2026-11-23";
    const result = await save(person, [cell(nextWeek, "1:00")], nextWeek);
    expect(result).toEqual({
      ok: false,
      formError: null,
      cellErrors: { [cellKey(projectId, null, nextWeek)]: "Time can be logged up to the end of the current week" },
    });
    expect(await timesheetsOf(person.userId)).toEqual([]);
  });

  it("refuses cells outside the week being saved", async () => {
    const person = await employee();
    const result = await save(person, [cell("2026-11-09", "1:00")]);
    expect(result.ok ? null : result.cellErrors).toEqual({ [cellKey(projectId, null, "2026-11-09")]: "This day is not in the week" });
  });

  it("refuses a week that doesn't start on the company's first weekday, so a person never has overlapping timesheets", async () => {
    const person = await employee();
    const result = await save(person, [cell(wed, "1:00")], tue);
    expect(result).toEqual({ ok: false, formError: "This week doesn't start on the company's first day of the week", cellErrors: {} });
    expect(await timesheetsOf(person.userId)).toEqual([]);
  });

  it("refuses changes on and before the company's lock date", async () => {
    const person = await employee();
    await createEntry(db, { companyId, userId: person.userId, projectId, day: mon, minutes: 60 });
    await lockUntil(db, companyId, tue);
    try {
      const result = await save(person, [cell(mon, ""), cell(tue, "1:00"), cell(wed, "1:00")]);
      expect(result).toEqual({
        ok: false,
        formError: null,
        cellErrors: {
          [cellKey(projectId, null, mon)]: `Time up to ${tue} is locked`,
          [cellKey(projectId, null, tue)]: `Time up to ${tue} is locked`,
        },
      });
      expect(await save(person, [cell(wed, "1:00")])).toEqual({ ok: true, changed: 1 });
      expect((await entriesOf(person.userId)).map((entry) => entry.day)).toEqual([mon, wed]);
    } finally {
      await lockUntil(db, companyId, null);
    }
  });

  it("refuses archived projects and tasks, tasks of another project and projects the person isn't assigned to", async () => {
    const person = await employee();
    const archivedProject = await createProject(db, companyId, { archived: true });
    const archivedTask = await createTask(db, companyId, projectId, { archived: true });
    const elsewhere = await createProject(db, companyId);
    const taskElsewhere = await createTask(db, companyId, elsewhere);
    const assigned = await createProject(db, companyId, { access: "assigned" });

    const cells = [
      cell(mon, "1:00", { projectId: archivedProject }),
      cell(mon, "1:00", { taskId: archivedTask }),
      cell(mon, "1:00", { taskId: taskElsewhere }),
      cell(mon, "1:00", { projectId: assigned }),
    ];
    const result = await save(person, cells);
    expect(result).toEqual({
      ok: false,
      formError: null,
      cellErrors: {
        [cellKey(archivedProject, null, mon)]: "This project is archived or not open to you",
        [cellKey(projectId, archivedTask, mon)]: "This task is archived or not part of the project",
        [cellKey(projectId, taskElsewhere, mon)]: "This task is archived or not part of the project",
        [cellKey(assigned, null, mon)]: "This project is archived or not open to you",
      },
    });
    expect(await entriesOf(person.userId)).toEqual([]);
  });

  it("opens an 'assigned' project to its people and to members of its live teams, not of archived ones", async () => {
    const [direct, viaTeam, viaArchivedTeam] = [await employee(), await employee(), await employee()];
    const assigned = await createProject(db, companyId, { access: "assigned" });
    const team = await createTeam(db, companyId);
    const archivedTeam = await createTeam(db, companyId, { archived: true });
    await assignToProject(db, companyId, assigned, { userId: direct.userId });
    await assignToProject(db, companyId, assigned, { teamId: team });
    await assignToProject(db, companyId, assigned, { teamId: archivedTeam });
    await addToTeam(db, companyId, team, viaTeam.userId);
    await addToTeam(db, companyId, archivedTeam, viaArchivedTeam.userId);

    expect(await save(direct, [cell(mon, "1:00", { projectId: assigned })])).toEqual({ ok: true, changed: 1 });
    expect(await save(viaTeam, [cell(mon, "1:00", { projectId: assigned })])).toEqual({ ok: true, changed: 1 });
    expect((await save(viaArchivedTeam, [cell(mon, "1:00", { projectId: assigned })])).ok).toBe(false);
  });

  it("refuses another company's project without writing any of the other cells", async () => {
    const person = await employee();
    const otherCompany = await createCompany(db, "Other Co");
    const foreignProject = await createProject(db, otherCompany);
    const cells = [cell(mon, "1:00"), cell(tue, "2:00"), cell(wed, "3:00", { projectId: foreignProject }), cell(thu, "4:00", { taskId })];

    const result = await save(person, cells);
    expect(result).toEqual({
      ok: false,
      formError: null,
      cellErrors: { [cellKey(foreignProject, null, wed)]: "This project is archived or not open to you" },
    });
    expect(await entriesOf(person.userId)).toEqual([]);
    expect(await timesheetsOf(person.userId)).toEqual([]);
  });

  it("turns a sent-back week into a draft again when the person edits it", async () => {
    const person = await employee();
    const { timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: mon, minutes: 60 });
    await setTimesheetStatus(db, timesheetId, "rejected");

    expect(await save(person, [cell(mon, "1:30")])).toEqual({ ok: true, changed: 1 });
    expect(await timesheetsOf(person.userId)).toEqual([{ weekStart: week, status: "draft" }]);
    expect(await entriesOf(person.userId)).toEqual([expect.objectContaining({ minutes: 90 })]);
  });

  it.each(["submitted", "approved"] as const)("refuses any change to a %s week", async (status) => {
    const person = await employee();
    const { timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: mon, minutes: 60 });
    await setTimesheetStatus(db, timesheetId, status);

    const result = await save(person, [cell(mon, ""), cell(tue, "1:00")]);
    expect(result).toEqual({ ok: false, formError: expect.stringContaining(`This week is ${status}`), cellErrors: {} });
    expect(await entriesOf(person.userId)).toEqual([expect.objectContaining({ day: mon, minutes: 60 })]);
  });

  it("lets an admin fill in someone else's week", async () => {
    const person = await employee();
    const result = await withTenant(db, admin, (tx) => saveWeek(tx, { userId: person.userId, weekStart: week, cells: [cell(mon, "1:00")] }, now));
    expect(result).toEqual({ ok: true, changed: 1 });
    expect(await entriesOf(person.userId)).toEqual([expect.objectContaining({ day: mon, minutes: 60 })]);
  });
});

describe("single entries (the day view)", () => {
  const values = (day: string, minutes: number) => ({ projectId, taskId: null, day, minutes, span: null, notes: null });

  it("writes an entry with start and end in the company's zone and moves it to another day", async () => {
    const person = await employee();
    const written = await withTenant(db, person, (tx) =>
      writeEntry(tx, person.userId, { ...values(tue, 90), span: { start: "09:00", end: "10:30" } }, null, now),
    );
    if (!written.ok) throw new Error(JSON.stringify(written));
    const entry = await withTenant(db, person, (tx) => getEntry(tx, person.userId, written.id));
    expect(entry).toMatchObject({ day: tue, minutes: 90, startedAt: new Date("2026-11-17T09:00:00Z"), endedAt: new Date("2026-11-17T10:30:00Z") });

    const moved = await withTenant(db, person, (tx) => writeEntry(tx, person.userId, values(wed, 60), entry, now));
    expect(moved).toEqual({ ok: true, id: written.id });
    expect(await entriesOf(person.userId)).toEqual([expect.objectContaining({ day: wed, minutes: 60 })]);

    const lastWeek = "2026-11-12";
    const movedEntry = (await withTenant(db, person, (tx) => getEntry(tx, person.userId, written.id)))!;
    expect(await withTenant(db, person, (tx) => writeEntry(tx, person.userId, values(lastWeek, 60), movedEntry, now))).toEqual(moved);
    const [sheet] = await db.query<{ weekStart: string }>(sql`
      select s.week_start as "weekStart" from time_entries e join timesheets s on s.id = e.timesheet_id where e.id = ${written.id}`);
    expect(sheet).toEqual({ weekStart: "2026-11-09" });
  });

  it("refuses an entry that would make the day longer than 24 hours, on the duration field", async () => {
    const person = await employee();
    await createEntry(db, { companyId, userId: person.userId, projectId, day: tue, minutes: 23 * 60 });
    const result = await withTenant(db, person, (tx) => writeEntry(tx, person.userId, values(tue, 61), null, now));
    expect(result).toEqual({ ok: false, fieldErrors: { duration: "This day would have more than 24 hours" }, formError: null });
    expect(await withTenant(db, person, (tx) => writeEntry(tx, person.userId, values(tue, 60), null, now))).toMatchObject({ ok: true });
  });

  it("is held to 24 hours a day by the database too, whatever the application checked", async () => {
    const person = await employee();
    const { timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: thu, minutes: 23 * 60 });
    const insert = (minutes: number) =>
      withTenant(db, person, (tx) =>
        attempt(tx, (inner) =>
          inner.query(sql`
            insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
            values (${companyId}, ${person.userId}, ${timesheetId}, ${projectId}, ${thu}, ${minutes}, true)`),
        ),
      );
    const over = await insert(61);
    expect(over.ok ? null : (over.error as { code: string }).code).toBe("23514");
    expect((await insert(60)).ok).toBe(true);
  });

  it("refuses writing into, moving out of, or deleting from a submitted week", async () => {
    const person = await employee();
    const { id, timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId, day: mon, minutes: 60 });
    await setTimesheetStatus(db, timesheetId, "submitted");
    const entry = (await withTenant(db, person, (tx) => getEntry(tx, person.userId, id)))!;

    const refusal = { ok: false, fieldErrors: {}, formError: expect.stringContaining("This week is submitted") };
    await withTenant(db, person, async (tx) => {
      expect(await writeEntry(tx, person.userId, values(tue, 30), null, now)).toEqual(refusal);
      expect(await writeEntry(tx, person.userId, values(tue, 60), entry, now)).toEqual(refusal);
      expect(await deleteEntry(tx, person.userId, entry, now)).toEqual(refusal);
    });
    expect(await entriesOf(person.userId)).toEqual([expect.objectContaining({ day: mon, minutes: 60 })]);
  });

  it("refuses deleting an entry of a locked day", async () => {
    const person = await employee();
    const { id } = await createEntry(db, { companyId, userId: person.userId, projectId, day: mon, minutes: 60 });
    const entry = (await withTenant(db, person, (tx) => getEntry(tx, person.userId, id)))!;
    await lockUntil(db, companyId, mon);
    try {
      const result = await withTenant(db, person, (tx) => deleteEntry(tx, person.userId, entry, now));
      expect(result).toEqual({ ok: false, fieldErrors: {}, formError: `Time up to ${mon} is locked` });
    } finally {
      await lockUntil(db, companyId, null);
    }
    expect(await withTenant(db, person, (tx) => deleteEntry(tx, person.userId, entry, now))).toEqual({ ok: true, id });
    expect(await entriesOf(person.userId)).toEqual([]);
  });
});
