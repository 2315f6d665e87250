import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { addToTeam, createEntry, createProject, createTeam, setTimesheetStatus } from "../../../db/testing/time-fixtures";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import { apiClient, companyWith, problemOf, tokenFor, type CallOptions } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";

/**
 * Time entries and the timer over the API, through the route modules over a real
 * database: the day view's rules, all-or-nothing bulk logging, and whose time a
 * token may read.
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

// Days the company's clock has reached in any zone, in the current or last week.
const yesterday = () => shiftDay(todayIn("UTC"), -1);
const twoDaysAgo = () => shiftDay(todayIn("UTC"), -2);

async function as(tenant: TenantContext) {
  const { id, token } = await tokenFor(context, tenant);
  const call = apiClient(context, token);
  return Object.assign((method: string, path: string, options?: CallOptions) => call(method, path, options), { tokenId: id });
}

async function world() {
  const { companyId, people } = await companyWith(db, {
    owner: "owner",
    manager: "manager",
    employee: "employee",
    teammate: "employee",
    outsider: "employee",
  });
  const projectId = await createProject(db, companyId);
  const teamId = await createTeam(db, companyId);
  await addToTeam(db, companyId, teamId, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, teamId, people.teammate.userId);
  return { companyId, people, projectId };
}

const entriesOf = async (userId: string) =>
  (await db.query<{ count: number }>(sql`select count(*)::int as count from time_entries where user_id = ${userId}`))[0]!.count;

describe("logging time over the API", () => {
  it("keeps the week grid's rules, each refusal a 422 that names the rule", async () => {
    const { companyId, people, projectId } = await world();
    const employee = await as(people.employee);

    const full = await employee("POST", "/api/v1/time-entries", { body: { projectId, day: yesterday(), minutes: 1440 } });
    expect(full.status).toBe(201);
    const over = await employee("POST", "/api/v1/time-entries", { body: { projectId, day: yesterday(), minutes: 1 } });
    expect(over.status).toBe(422);
    expect(await problemOf(over)).toMatchObject({ code: "rule-broken", errors: [{ field: "minutes", message: "This day would have more than 24 hours" }] });

    await db.query(sql`update companies set locked_until = ${twoDaysAgo()} where id = ${companyId}`);
    const locked = await employee("POST", "/api/v1/time-entries", { body: { projectId, day: twoDaysAgo(), minutes: 60 } });
    expect(locked.status).toBe(422);
    expect(await problemOf(locked)).toMatchObject({ errors: [{ field: "day", message: `Time up to ${twoDaysAgo()} is locked` }] });

    await db.query(sql`update companies set locked_until = null where id = ${companyId}`);
    const old = await createEntry(db, { companyId, userId: people.employee.userId, projectId, day: shiftDay(yesterday(), -35), minutes: 30 });
    await setTimesheetStatus(db, old.timesheetId, "submitted");
    const submitted = await employee("PATCH", `/api/v1/time-entries/${old.id}`, { body: { minutes: 45 } });
    expect(submitted.status).toBe(422);
    expect((await problemOf(submitted)).detail).toBe("This week is submitted. Withdraw it to make changes.");
  });

  it("logs time for someone else only with time:log-for-others", async () => {
    const { people, projectId } = await world();
    const forTeammate = { userId: people.teammate.userId, projectId, day: yesterday(), minutes: 30 };
    expect((await (await as(people.manager))("POST", "/api/v1/time-entries", { body: forTeammate })).status).toBe(403);
    const owner = await as(people.owner);
    const made = await owner("POST", "/api/v1/time-entries", { body: forTeammate });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ userId: people.teammate.userId, minutes: 30, approval: "draft" });
  });

  it("changes an entry only while it still has the ETag the client holds", async () => {
    const { people, projectId } = await world();
    const employee = await as(people.employee);
    const made = await employee("POST", "/api/v1/time-entries", { body: { projectId, day: yesterday(), start: "09:00", end: "10:30" } });
    const { id } = (await made.json()) as { id: string };
    const etag = made.headers.get("ETag")!;

    // Fields left out keep their value: a new note keeps the start and end.
    const changed = await employee("PATCH", `/api/v1/time-entries/${id}`, { body: { notes: "Standup" }, headers: { "If-Match": etag } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ notes: "Standup", minutes: 90, startedAt: expect.any(String) });
    expect(changed.headers.get("ETag")).not.toBe(etag);

    const stale = await employee("PATCH", `/api/v1/time-entries/${id}`, { body: { minutes: 5 }, headers: { "If-Match": etag } });
    expect(stale.status).toBe(412);
    const stillThere = await employee("DELETE", `/api/v1/time-entries/${id}`, { headers: { "If-Match": etag } });
    expect(stillThere.status).toBe(412);
    expect(await (await employee("GET", `/api/v1/time-entries/${id}`)).json()).toMatchObject({ minutes: 90, notes: "Standup" });
  });
});

describe("bulk logging", () => {
  it("saves nothing when any entry is wrong, and names each wrong field by its index", async () => {
    const { people, projectId } = await world();
    const employee = await as(people.employee);
    const good = { projectId, day: yesterday(), minutes: 10 };
    const entries = Array.from({ length: 20 }, () => good);

    const invalid = await employee("POST", "/api/v1/time-entries/bulk", {
      body: { entries: entries.map((entry, i) => (i === 12 ? { ...entry, minutes: "lots" } : i === 15 ? { ...entry, colour: "red" } : entry)) },
    });
    expect(invalid.status).toBe(400);
    expect((await problemOf(invalid)).errors).toEqual([
      { field: "entries.12.minutes", message: "Enter the duration in whole minutes" },
      { field: "entries.15.colour", message: "Unknown field: colour" },
    ]);

    const archived = await createProject(db, people.employee.companyId, { archived: true });
    const broken = await employee("POST", "/api/v1/time-entries/bulk", {
      body: { entries: entries.map((entry, i) => (i === 3 ? { ...entry, projectId: archived } : i === 7 ? { ...entry, day: shiftDay(yesterday(), 40) } : entry)) },
    });
    expect(broken.status).toBe(422);
    expect((await problemOf(broken)).errors).toEqual([
      { field: "entries.3.projectId", message: "This project is archived or not open to you" },
      { field: "entries.7.day", message: "Time can be logged up to the end of the current week" },
    ]);
    // 24 hours a day counts the whole request: 145 × 10 minutes is more than a day.
    const tooMuch = await employee("POST", "/api/v1/time-entries/bulk", { body: { entries: Array.from({ length: 145 }, () => good) } });
    expect(tooMuch.status).toBe(422);
    expect(await entriesOf(people.employee.userId)).toBe(0);
  });

  it("saves every entry in one go, each audited with the token as its actor", async () => {
    const { people, projectId } = await world();
    const owner = await as(people.owner);
    const entries = Array.from({ length: 300 }, (_, i) => ({
      userId: i % 2 ? people.employee.userId : people.teammate.userId,
      projectId,
      day: shiftDay(yesterday(), -(i % 5)),
      minutes: 3,
      notes: `Item ${i}`,
    }));
    const saved = await owner("POST", "/api/v1/time-entries/bulk", { body: { entries } });
    expect(saved.status).toBe(201);
    const { data } = (await saved.json()) as { data: { id: string; notes: string; userId: string }[] };
    expect(data.map((entry) => entry.notes)).toEqual(entries.map((entry) => entry.notes));
    expect(await entriesOf(people.employee.userId)).toBe(150);
    const [audited] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from audit_entries
       where company_id = ${people.owner.companyId} and entity_type = 'time_entry' and actor_kind = 'api_key' and actor_id = ${owner.tokenId}`);
    expect(audited!.count).toBe(300);
  });
});

describe("whose time a token reads", () => {
  it("is the person's own for an employee, their teams' too for a manager, everyone's for an owner", async () => {
    const { companyId, people, projectId } = await world();
    const ids: Record<string, string> = {};
    for (const [name, person] of Object.entries(people)) {
      ids[name] = (await createEntry(db, { companyId, userId: person.userId, projectId, day: yesterday(), minutes: 30 })).id;
    }
    const seen = async (tenant: TenantContext) => {
      const page = await (await as(tenant))("GET", "/api/v1/time-entries?limit=200");
      return ((await page.json()) as { data: { id: string }[] }).data.map((entry) => entry.id).sort();
    };
    expect(await seen(people.employee)).toEqual([ids.employee]);
    expect(await seen(people.manager)).toEqual([ids.manager, ids.teammate].sort());
    expect(await seen(people.owner)).toEqual(Object.values(ids).sort());

    const employee = await as(people.employee);
    expect((await employee("GET", `/api/v1/time-entries/${ids.teammate}`)).status).toBe(404);
    expect((await employee("GET", `/api/v1/time-entries?userId=${people.teammate.userId}`)).status).toBe(200);
    expect((await employee("PATCH", `/api/v1/time-entries/${ids.teammate}`, { body: { minutes: 1 } })).status).toBe(404);
    expect((await employee("DELETE", `/api/v1/time-entries/${ids.teammate}`)).status).toBe(404);
    // A manager sees a teammate's entry but may not change it.
    expect((await (await as(people.manager))("PATCH", `/api/v1/time-entries/${ids.teammate}`, { body: { minutes: 1 } })).status).toBe(403);
  });

  it("needs only time:read, and a time:read token can't change time", async () => {
    const { companyId, people, projectId } = await world();
    await createEntry(db, { companyId, userId: people.employee.userId, projectId, day: yesterday(), minutes: 30 });
    const { token } = await tokenFor(context, people.employee, ["time:read"]);
    const reader = apiClient(context, token);

    const listed = await reader("GET", "/api/v1/time-entries");
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect((await reader("GET", "/api/v1/timer")).status).toBe(200);
    expect((await reader("GET", "/api/v1/timesheets")).status).toBe(200);

    const refused = await reader("POST", "/api/v1/time-entries", { body: { projectId, day: yesterday(), minutes: 15 } });
    expect(refused.status).toBe(403);
    expect(await problemOf(refused)).toMatchObject({ code: "missing-scope", scope: "time:write" });
    expect(await entriesOf(people.employee.userId)).toBe(1);
  });

  it("pages through the entries in a stable order, filtered", async () => {
    const { companyId, people, projectId } = await world();
    for (let i = 0; i < 7; i++) await createEntry(db, { companyId, userId: people.employee.userId, projectId, day: shiftDay(yesterday(), -i), minutes: 10 });
    const employee = await as(people.employee);
    const ids: string[] = [];
    let path: string | null = `/api/v1/time-entries?limit=3&to=${yesterday()}&from=${shiftDay(yesterday(), -5)}`;
    while (path) {
      const page: Response = await employee("GET", path);
      ids.push(...((await page.clone().json()) as { data: { id: string }[] }).data.map((entry) => entry.id));
      path = page.headers.get("Link")?.match(/<([^>]+)>/)?.[1] ?? null;
    }
    expect(new Set(ids).size).toBe(6);
  });
});

describe("the timer", () => {
  it("switches in one step: the running timer becomes an entry and the new one runs", async () => {
    const { people, projectId } = await world();
    const other = await createProject(db, people.employee.companyId);
    const employee = await as(people.employee);
    expect(await (await employee("GET", "/api/v1/timer")).json()).toEqual({ timer: null });
    expect((await employee("POST", "/api/v1/timer/start", { body: { projectId } })).status).toBe(200);

    const switched = await employee("POST", "/api/v1/timer/switch", { body: { projectId: other, notes: "Support" } });
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({
      stopped: { projectId, minutes: 1, userId: people.employee.userId },
      timer: { projectId: other, notes: "Support" },
    });
    const stopped = await employee("POST", "/api/v1/timer/stop");
    expect(await stopped.json()).toMatchObject({ entry: { projectId: other } });
    expect(await (await employee("GET", "/api/v1/timer")).json()).toEqual({ timer: null });
  });
});
