import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { addToTeam, createEntry, createProject, createTask, createTeam, setTimesheetStatus } from "../../db/testing/time-fixtures";
import { countingQueries, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { shiftDay, todayIn, weekStartOf } from "~/kernel/clock/weeks";
import { action as approvalsAction, loader as approvalsLoader } from "./c.$company.approvals";
import { action as dayAction, loader as dayLoader } from "./c.$company.time.day";
import { action as weekAction, loader as weekLoader } from "./c.$company.time._index";
import { action as timerAction, loader as timerLoader } from "./c.$company.timer";

/**
 * The time pages as their users reach them: bad input gets field errors or a 404
 * and never a 500 or a partial save, people reach only their own weeks, and the
 * pages' loaders cost the same number of queries however much a week holds.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
const company = { id: "", slug: "" };
const people = { employee: "", manager: "", colleague: "" };
const tokens = { employee: "", manager: "", owner: "" };
let projectId = "";
let otherCompanyProjectId = "";
/** Weeks in the past, so no day is after the end of the current week. */
const quietWeek = weekStartOf(shiftDay(todayIn("UTC"), -70), 1);
const busyWeek = shiftDay(quietWeek, -7);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  company.id = await createCompany(db, "Time pages");
  const [row] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${company.id}`);
  company.slug = row!.slug;
  const employee = await createMember(db, company.id, "employee");
  const manager = await createMember(db, company.id, "manager");
  const colleague = await createMember(db, company.id, "employee");
  const owner = await createMember(db, company.id, "owner");
  Object.assign(people, { employee: employee.userId, manager: manager.userId, colleague: colleague.userId });
  const session = (userId: string) => context.auth.accounts.createSession(userId, { ip: null, userAgent: null });
  Object.assign(tokens, { employee: await session(employee.userId), manager: await session(manager.userId), owner: await session(owner.userId) });
  const team = await createTeam(db, company.id);
  await addToTeam(db, company.id, team, manager.userId, { manager: true });
  await addToTeam(db, company.id, team, employee.userId);
  await addToTeam(db, company.id, team, colleague.userId);
  projectId = await createProject(db, company.id, { name: "Launch" });
  otherCompanyProjectId = await createProject(db, await createCompany(db, "Elsewhere"));

  // One entry in the quiet week; twenty rows of seven days in the busy one.
  await createEntry(db, { companyId: company.id, userId: people.employee, projectId, day: quietWeek, minutes: 60 });
  for (let row = 0; row < 20; row++) {
    const taskId = await createTask(db, company.id, projectId, { name: `Task ${row}` });
    for (let day = 0; day < 7; day++) {
      await createEntry(db, { companyId: company.id, userId: people.employee, projectId, taskId, day: shiftDay(busyWeek, day), minutes: 30 });
    }
  }
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const params = () => ({ company: company.slug });

async function get<Loader extends typeof weekLoader | typeof approvalsLoader | typeof dayLoader | typeof timerLoader>(
  loader: Loader,
  token: string,
  path: string,
): Promise<Awaited<ReturnType<Loader>>> {
  const request = await requestAs(context, token, path);
  return (await loader({ request, params: params(), context })) as Awaited<ReturnType<Loader>>;
}

async function post(action: typeof weekAction | typeof dayAction | typeof approvalsAction | typeof timerAction, token: string, path: string, body: Record<string, string>) {
  const request = await requestAs(context, token, path, { method: "POST", body: new URLSearchParams(body) });
  try {
    const outcome = await action({ request, params: params(), context });
    // A success redirects (302) back to the page; a refusal answers its 4xx with the form's errors.
    return { status: statusOf(outcome) ?? 200, body: (outcome as { data?: unknown }).data ?? outcome };
  } catch (thrown) {
    return { status: statusOf(thrown), body: thrown };
  }
}

const minutesIn = async (userId: string) => {
  const [row] = await db.query<{ minutes: number }>(sql`
    select coalesce(sum(minutes), 0)::int as minutes from time_entries where company_id = ${company.id} and user_id = ${userId}`);
  return row!.minutes;
};

describe("the week page", () => {
  it("runs the same number of queries for a week of one entry and a week of 140", async () => {
    // Once first, so neither counted load is the one that records the person's last activity.
    await get(weekLoader, tokens.employee, `/c/${company.slug}/time?week=${quietWeek}`);
    const quiet = countingQueries();
    const busy = countingQueries();
    const quietView = await quiet.during(() => get(weekLoader, tokens.employee, `/c/${company.slug}/time?week=${quietWeek}`));
    const busyView = await busy.during(() => get(weekLoader, tokens.employee, `/c/${company.slug}/time?week=${busyWeek}`));
    expect(quietView.view.entries).toHaveLength(1);
    expect(busyView.view.entries).toHaveLength(140);
    expect(busy.count()).toBe(quiet.count());
    // BEGIN, the statement that finds the member and enters the company, five reads, COMMIT.
    expect(busy.count()).toBe(8);
    expect(busy.repeated()).toEqual([]);
  });

  it("refuses another company's project on a cell and saves none of the other cells", async () => {
    const before = await minutesIn(people.employee);
    const { status, body } = await post(weekAction, tokens.employee, `/c/${company.slug}/time`, {
      intent: "save",
      week: quietWeek,
      [`cells.${projectId}::${shiftDay(quietWeek, 1)}.duration`]: "2:00",
      [`cells.${otherCompanyProjectId}::${shiftDay(quietWeek, 2)}.duration`]: "1:00",
    });
    expect(status).toBe(422);
    expect((body as { error: Record<string, string[]> }).error).toEqual({
      [`cells.${otherCompanyProjectId}::${shiftDay(quietWeek, 2)}.duration`]: ["This project is archived or not open to you"],
    });
    expect(await minutesIn(people.employee)).toBe(before);
  });

  it("answers field errors for non-numeric and negative durations", async () => {
    const { status, body } = await post(weekAction, tokens.employee, `/c/${company.slug}/time`, {
      intent: "save",
      week: quietWeek,
      [`cells.${projectId}::${shiftDay(quietWeek, 1)}.duration`]: "lots",
      [`cells.${projectId}::${shiftDay(quietWeek, 2)}.duration`]: "-1:00",
    });
    expect(status).toBe(400);
    expect(Object.values((body as { error: Record<string, string[]> }).error)).toEqual([
      ["Enter a duration like 1:30, 1.5 or 90m"],
      ["A duration can't be negative"],
    ]);
  });

  it("answers 400 for a form the grid could not have sent", async () => {
    const { status } = await post(weekAction, tokens.employee, `/c/${company.slug}/time`, {
      intent: "save",
      week: quietWeek,
      "cells.not-a-project::2025-01-01.duration": "1:00",
    });
    expect(status).toBe(400);
  });

  it("refuses a week that doesn't start on the company's first weekday", async () => {
    const { status } = await post(weekAction, tokens.employee, `/c/${company.slug}/time`, { intent: "withdraw", week: shiftDay(quietWeek, 1) });
    expect(status).toBe(422);
  });

  it("refuses to submit a week outside the supported years, and notifies no one", async () => {
    // 1900-01-01 was a Monday, like the company's weeks: only the year is wrong.
    for (const week of ["1900-01-01", "9999-12-27"]) {
      const { status } = await post(weekAction, tokens.employee, `/c/${company.slug}/time`, { intent: "submit", week });
      expect(status, week).toBe(400);
    }
    const [submitted] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from timesheets where company_id = ${company.id} and week_start < '2000-01-01'`);
    expect(submitted!.count).toBe(0);
  });

  it("shows this week for a week parameter outside the supported years, rather than failing", async () => {
    for (const week of ["9999-12-31", "0000-01-01", "1900-01-01"]) {
      const page = await get(weekLoader, tokens.employee, `/c/${company.slug}/time?week=${week}`);
      // The test company keeps UTC and Monday weeks, as quietWeek assumes.
      expect(page.view.weekStart, week).toBe(weekStartOf(todayIn("UTC"), 1));
    }
  });

  it("doesn't let an employee open or fill in a colleague's week", async () => {
    await expect(get(weekLoader, tokens.employee, `/c/${company.slug}/time?person=${people.colleague}`)).rejects.toSatisfy(
      (thrown) => statusOf(thrown) === 403,
    );
    const { status } = await post(weekAction, tokens.employee, `/c/${company.slug}/time`, {
      intent: "save",
      week: quietWeek,
      personId: people.colleague,
      [`cells.${projectId}::${quietWeek}.duration`]: "1:00",
    });
    expect(status).toBe(403);
    expect(await minutesIn(people.colleague)).toBe(0);
  });

  it("clears a cell's notes when they are posted empty, and keeps them when they are not posted", async () => {
    const cell = `${projectId}::${shiftDay(quietWeek, 4)}`;
    const save = (fields: Record<string, string>) =>
      post(weekAction, tokens.employee, `/c/${company.slug}/time`, { intent: "save", week: quietWeek, ...fields });
    const notes = async () => {
      const [entry] = await db.query<{ notes: string | null }>(sql`
        select notes from time_entries where user_id = ${people.employee} and project_id = ${projectId} and work_date = ${shiftDay(quietWeek, 4)}`);
      return entry!.notes;
    };
    expect((await save({ [`cells.${cell}.duration`]: "0:30", [`cells.${cell}.notes`]: "Kickoff" })).status).toBe(302);
    expect((await save({ [`cells.${cell}.duration`]: "0:45" })).status).toBe(302);
    expect(await notes()).toBe("Kickoff");
    expect((await save({ [`cells.${cell}.duration`]: "0:45", [`cells.${cell}.notes`]: "" })).status).toBe(302);
    expect(await notes()).toBeNull();
  });

  it("lets an owner fill in an employee's week", async () => {
    const before = await minutesIn(people.colleague);
    const { status } = await post(weekAction, tokens.owner, `/c/${company.slug}/time`, {
      intent: "save",
      week: quietWeek,
      personId: people.colleague,
      [`cells.${projectId}::${quietWeek}.duration`]: "1:15",
    });
    expect(status).toBe(302);
    expect(await minutesIn(people.colleague)).toBe(before + 75);
  });
});

describe("the day view", () => {
  it("answers field errors for a bad duration and for an end before the start", async () => {
    const duration = await post(dayAction, tokens.employee, `/c/${company.slug}/time/day`, {
      intent: "save-entry",
      row: `${projectId}:`,
      day: quietWeek,
      duration: "-2",
    });
    expect(duration.status).toBe(400);
    const span = await post(dayAction, tokens.employee, `/c/${company.slug}/time/day`, {
      intent: "save-entry",
      row: `${projectId}:`,
      day: quietWeek,
      start: "17:00",
      end: "09:00",
    });
    expect(span.status).toBe(400);
    expect(JSON.stringify(span.body)).toContain("The end must be after the start");
  });

  it("logs an entry from a start and an end", async () => {
    const before = await minutesIn(people.employee);
    const { status } = await post(dayAction, tokens.employee, `/c/${company.slug}/time/day`, {
      intent: "save-entry",
      row: `${projectId}:`,
      day: shiftDay(quietWeek, 3),
      start: "09:15",
      end: "11:45",
    });
    expect(status).toBe(302);
    expect(await minutesIn(people.employee)).toBe(before + 150);

    // Opened for editing, it offers the same start and end, so saving it keeps them.
    const day = shiftDay(quietWeek, 3);
    const [entry] = await db.query<{ id: string }>(sql`
      select id from time_entries where user_id = ${people.employee} and work_date = ${day} and started_at is not null`);
    const view = await get(dayLoader, tokens.employee, `/c/${company.slug}/time/day?date=${day}&edit=${entry!.id}`);
    expect(view.editing?.span).toEqual({ start: "09:15", end: "11:45" });
  });
});

describe("the approvals page", () => {
  it("runs the same number of queries for one waiting timesheet and for many", async () => {
    const [sheet] = await db.query<{ id: string }>(sql`
      select id from timesheets where company_id = ${company.id} and user_id = ${people.employee} and week_start = ${busyWeek}`);
    await setTimesheetStatus(db, sheet!.id, "submitted");
    await get(approvalsLoader, tokens.manager, `/c/${company.slug}/approvals`);
    const one = countingQueries();
    const first = await one.during(() => get(approvalsLoader, tokens.manager, `/c/${company.slug}/approvals`));
    expect(first.sheets).toHaveLength(1);

    for (let week = 1; week <= 12; week++) {
      const { timesheetId } = await createEntry(db, {
        companyId: company.id, userId: people.colleague, projectId, day: shiftDay(busyWeek, -7 * week), minutes: 45,
      });
      await setTimesheetStatus(db, timesheetId, "submitted");
    }
    const many = countingQueries();
    const second = await many.during(() => get(approvalsLoader, tokens.manager, `/c/${company.slug}/approvals`));
    expect(second.sheets).toHaveLength(13);
    expect(many.count()).toBe(one.count());
    // BEGIN, the statement that finds the member and enters the company, four reads, COMMIT.
    expect(many.count()).toBe(7);
    expect(many.repeated()).toEqual([]);
  });

  it("needs a comment to send a week back, and refuses employees", async () => {
    const [sheet] = await db.query<{ id: string }>(sql`
      select id from timesheets where company_id = ${company.id} and user_id = ${people.employee} and week_start = ${busyWeek}`);
    const noComment = await post(approvalsAction, tokens.manager, `/c/${company.slug}/approvals`, { intent: "reject", ids: sheet!.id });
    expect(noComment.status).toBe(409);
    const employee = await post(approvalsAction, tokens.employee, `/c/${company.slug}/approvals`, { intent: "approve", ids: sheet!.id });
    expect(employee.status).toBe(403);
    const [after] = await db.query<{ status: string }>(sql`select status from timesheets where id = ${sheet!.id}`);
    expect(after!.status).toBe("submitted");
  });
});

describe("the header's timer", () => {
  const timerPath = (back: string) => `/c/${company.slug}/timer?back=${encodeURIComponent(back)}`;
  const runningFor = async (userId: string) =>
    db.query<{ projectId: string }>(sql`select project_id as "projectId" from timers where company_id = ${company.id} and user_id = ${userId}`);

  it("starts and stops from any page and sends the person back to it, but never to another company or site", async () => {
    const { options } = await get(timerLoader, tokens.manager, `/c/${company.slug}/timer`);
    const row = options.find((option) => option.label === "Launch · Task 0")!.id;
    const started = await post(timerAction, tokens.manager, timerPath(`/c/${company.slug}/projects`), { intent: "start-timer", row });
    expect(started.status).toBe(302);
    expect((started.body as Response).headers.get("Location")).toBe(timerPath(`/c/${company.slug}/projects`));
    expect(await runningFor(people.manager)).toEqual([{ projectId }]);

    const back = async (to: string) => {
      const request = await requestAs(context, tokens.manager, timerPath(to));
      const thrown = await timerLoader({ request, params: params(), context }).catch((error: unknown) => error);
      return (thrown as Response).headers.get("Location");
    };
    expect(await back(`/c/${company.slug}/projects`)).toBe(`/c/${company.slug}/projects`);
    expect(await back("https://elsewhere.example/c/x")).toBe(`/c/${company.slug}`);
    expect(await back("/c/another-company/time")).toBe(`/c/${company.slug}`);
    expect(await back(`/c/${company.slug}/../another-company/time`)).toBe(`/c/${company.slug}`);
    expect(await back("//elsewhere.example/c/x")).toBe(`/c/${company.slug}`);
    // A line break must not reach the Location header (that would be a 500): URLs drop it.
    expect(await back(`/c/${company.slug}/time\nSet-Cookie: x=1`)).toBe(`/c/${company.slug}/timeSet-Cookie:%20x=1`);

    const stopped = await post(timerAction, tokens.manager, timerPath(`/c/${company.slug}`), { intent: "stop-timer" });
    expect(stopped.status).toBe(302);
    expect(await runningFor(people.manager)).toEqual([]);
  });

  it("offers the projects open to the person and their recent work, continued in one click", async () => {
    const choices = await get(timerLoader, tokens.manager, `/c/${company.slug}/timer`);
    expect(choices.options.filter((option) => option.id.startsWith(projectId))).toHaveLength(20);
    expect(choices.options.some((option) => option.id.startsWith(otherCompanyProjectId))).toBe(false);
    // The timer stopped above left an entry: the person's latest work, offered to continue.
    expect(choices.recent[0]).toMatchObject({ label: "Launch · Task 0" });
  });

  it("won't start on another company's project", async () => {
    const refused = await post(timerAction, tokens.manager, timerPath(`/c/${company.slug}`), {
      intent: "start-timer",
      row: `${otherCompanyProjectId}:`,
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(await runningFor(people.manager)).toEqual([]);
  });
});
