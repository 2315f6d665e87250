import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createEntry, createProject, createTask, setTimesheetStatus } from "../../db/testing/time-fixtures";
import { discardTimer, getTimer, startTimer, stopTimer } from "./timers.server";

let db: TestDatabase;
let companyId: string;
let website: string;
let design: string;
let support: string;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Timer Co");
  // Berlin is UTC+1 in November: its days start at 23:00 UTC the evening before.
  await db.query(sql`update companies set timezone = 'Europe/Berlin' where id = ${companyId}`);
  website = await createProject(db, companyId, { name: "Website" });
  design = await createTask(db, companyId, website, { name: "Design", billable: false });
  support = await createProject(db, companyId, { name: "Support" });
});
afterAll(() => db.close());

const at = (iso: string) => new Date(iso);
const employee = () => createMember(db, companyId, "employee");

async function entriesOf(userId: string) {
  return db.query<{ projectId: string; taskId: string | null; day: string; minutes: number; billable: boolean; notes: string | null }>(sql`
    select project_id as "projectId", task_id as "taskId", work_date as day, minutes, billable, notes
      from time_entries where company_id = ${companyId} and user_id = ${userId} order by created_at`);
}

async function spansOf(userId: string) {
  return db.query<{ startedAt: Date | null; endedAt: Date | null }>(sql`
    select started_at as "startedAt", ended_at as "endedAt"
      from time_entries where company_id = ${companyId} and user_id = ${userId} order by created_at`);
}

const start = (person: TenantContext, projectId: string, when: string, taskId: string | null = null) =>
  withTenant(db, person, (tx) => startTimer(tx, { projectId, taskId, notes: "Header" }, { replace: true }, at(when)));
const stop = (person: TenantContext, when: string) => withTenant(db, person, (tx) => stopTimer(tx, at(when)));
const running = (person: TenantContext) => withTenant(db, person, (tx) => getTimer(tx));

describe("the timer", () => {
  it("runs from when it was started, on the project and task chosen", async () => {
    const person = await employee();
    expect(await start(person, website, "2026-11-18T08:00:00Z", design)).toEqual({ ok: true, stoppedEntryId: null });
    expect(await running(person)).toMatchObject({
      projectId: website,
      taskId: design,
      projectName: "Website",
      taskName: "Design",
      notes: "Header",
      startedAt: at("2026-11-18T08:00:00Z"),
    });
    expect(await entriesOf(person.userId)).toEqual([]);
  });

  it("saves the running timer as an entry when another is started", async () => {
    const person = await employee();
    await start(person, website, "2026-11-18T08:00:00Z", design);
    expect(await start(person, support, "2026-11-18T08:25:00Z")).toEqual({ ok: true, stoppedEntryId: expect.any(String) });

    expect(await entriesOf(person.userId)).toEqual([
      { projectId: website, taskId: design, day: "2026-11-18", minutes: 25, billable: false, notes: "Header" },
    ]);
    expect(await running(person)).toMatchObject({ projectId: support, taskId: null, startedAt: at("2026-11-18T08:25:00Z") });
  });

  it("stops into an entry of the elapsed whole minutes, on the day it started in the company's zone", async () => {
    const person = await employee();
    // 00:30 on Wednesday in Berlin, still Tuesday in UTC.
    await start(person, support, "2026-11-17T23:30:00Z");
    const stopped = await stop(person, "2026-11-18T00:15:40Z");
    expect(stopped).toMatchObject({ ok: true });
    expect(await entriesOf(person.userId)).toEqual([
      { projectId: support, taskId: null, day: "2026-11-18", minutes: 45, billable: true, notes: "Header" },
    ]);
    expect(await running(person)).toBeNull();

    // 23:30 to 00:30 in Berlin: the hour belongs to the day it started.
    await start(person, support, "2026-11-18T22:30:00Z");
    await stop(person, "2026-11-18T23:30:00Z");
    expect((await entriesOf(person.userId)).at(-1)).toMatchObject({ day: "2026-11-18", minutes: 60 });
  });

  it("keeps when the work started and ended, from the minute it started, unless it ran past midnight", async () => {
    const person = await employee();
    await start(person, support, "2026-11-18T08:00:35Z");
    await stop(person, "2026-11-18T09:30:10Z");
    await start(person, support, "2026-11-18T22:30:00Z");
    await stop(person, "2026-11-18T23:30:00Z");
    expect(await spansOf(person.userId)).toEqual([
      { startedAt: at("2026-11-18T08:00:00Z"), endedAt: at("2026-11-18T09:29:00Z") },
      { startedAt: null, endedAt: null },
    ]);
  });

  it("records at least a minute, and nothing when no timer runs", async () => {
    const person = await employee();
    await start(person, support, "2026-11-18T09:00:00Z");
    await stop(person, "2026-11-18T09:00:20Z");
    expect((await entriesOf(person.userId)).map((entry) => entry.minutes)).toEqual([1]);
    expect(await stop(person, "2026-11-18T09:05:00Z")).toBeNull();
    expect(await withTenant(db, person, (tx) => discardTimer(tx))).toBe(false);
  });

  it("keeps running when its entry is refused (a submitted week), so no time is lost, and doesn't switch", async () => {
    const person = await employee();
    await start(person, support, "2026-11-18T09:00:00Z");
    const { timesheetId } = await createEntry(db, { companyId, userId: person.userId, projectId: website, day: "2026-11-16", minutes: 60 });
    await setTimesheetStatus(db, timesheetId, "submitted");

    const refused = await stop(person, "2026-11-18T10:00:00Z");
    expect(refused).toEqual({ ok: false, fieldErrors: {}, formError: expect.stringContaining("This week is submitted") });
    expect(await running(person)).toMatchObject({ projectId: support, startedAt: at("2026-11-18T09:00:00Z") });

    expect(await start(person, website, "2026-11-18T10:00:00Z")).toMatchObject({ ok: false });
    expect(await running(person)).toMatchObject({ projectId: support });
    expect(await entriesOf(person.userId)).toHaveLength(1);
  });

  it("keeps running past 24 hours, asking for the time to be logged by hand", async () => {
    const person = await employee();
    await start(person, support, "2026-11-16T09:00:00Z");
    const refused = await stop(person, "2026-11-17T09:01:00Z");
    expect(refused).toMatchObject({ ok: false, formError: expect.stringContaining("more than 24 hours") });
    expect(await running(person)).not.toBeNull();
    expect(await withTenant(db, person, (tx) => discardTimer(tx))).toBe(true);
    expect(await running(person)).toBeNull();
    expect(await entriesOf(person.userId)).toEqual([]);
  });

  it("won't start on an archived project", async () => {
    const person = await employee();
    const archived = await createProject(db, companyId, { archived: true });
    expect(await start(person, archived, "2026-11-18T09:00:00Z")).toEqual({
      ok: false,
      fieldErrors: { projectId: "This project is archived or not open to you" },
      formError: null,
    });
    expect(await running(person)).toBeNull();
  });
});
