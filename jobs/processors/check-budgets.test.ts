import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { addToTeam, assignToProject, createClient, createEntry, createProject, createTeam } from "../../db/testing/time-fixtures";
import { testLogger } from "../testing/helpers";
import { createCheckBudgetsProcessor } from "./check-budgets";

/**
 * check-budgets on both backends: owners, admins and the project's managers hear
 * once when a project passes 80 % and once when it passes 100 % of its budget,
 * whatever the number of runs, concurrent ones included.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const processor: ReturnType<typeof createCheckBudgetsProcessor> = (job) => createCheckBudgetsProcessor({ db, logger: testLogger })(job);
let runs = 0;
const run = () => {
  runs += 1;
  return processor({ id: `budgets-${runs}`, name: "check-budgets", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 });
};

async function alerts(companyId: string) {
  return db.query<{ userId: string; projectName: string; threshold: number; title: string; link: string }>(sql`
    select user_id as "userId", data->>'projectName' as "projectName", (data->>'threshold')::int as threshold, title, link
      from notifications where company_id = ${companyId} and kind = 'budget-alert' order by created_at, user_id`);
}

async function emailed(companyId: string) {
  const rows = await db.query<{ to: string }>(sql`
    select payload->>'to' as to from outbox where company_id = ${companyId} and payload->>'template' = 'budget-alert'`);
  return rows.map((row) => row.to).sort();
}

const emailOf = async (userId: string) =>
  (await db.query<{ email: string }>(sql`select email from users where id = ${userId}`))[0]!.email;

describe("budget alerts", () => {
  it("tells active owners and admins once at 80 % and once at 100 %, by email unless turned off", async () => {
    const companyId = await createCompany(db, "Budgeted");
    const owner = (await createMember(db, companyId, "owner")).userId;
    const admin = (await createMember(db, companyId, "admin")).userId;
    const quietAdmin = (await createMember(db, companyId, "admin")).userId;
    const formerAdmin = (await createMember(db, companyId, "admin")).userId;
    const manager = (await createMember(db, companyId, "manager")).userId;
    const finance = (await createMember(db, companyId, "finance")).userId;
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${formerAdmin}`);
    await db.query(sql`
      insert into notification_preferences (company_id, user_id, kind, email) values (${companyId}, ${quietAdmin}, 'budget-alert', false)`);
    const clientId = await createClient(db, companyId, { name: "Northwind" });
    const projectId = await createProject(db, companyId, { name: "Relaunch", clientId });
    await db.query(sql`update projects set budget_minutes = 600 where id = ${projectId}`);
    const log = (minutes: number, day: string) => createEntry(db, { companyId, userId: manager, projectId, day, minutes });

    await log(470, "2026-11-16");
    await run();
    expect(await alerts(companyId)).toEqual([]);

    await log(10, "2026-11-17"); // 480 of 600: 80 %
    await run();
    await run();
    const recipients = [owner, admin, quietAdmin].sort();
    let seen = await alerts(companyId);
    expect(seen.map((a) => a.userId).sort()).toEqual(recipients);
    expect(seen.every((a) => a.threshold === 80 && a.title === "Relaunch (Northwind) has used 80 % of its budget")).toBe(true);
    expect(seen.every((a) => new RegExp(`^/c/t-[0-9a-f]+/projects/${projectId}$`).test(a.link))).toBe(true);
    expect(await emailed(companyId)).toEqual((await Promise.all([owner, admin].map(emailOf))).sort());
    expect(recipients).not.toContain(finance);

    await log(130, "2026-11-18"); // 610 of 600
    await Promise.all([run(), run(), run()]);
    seen = await alerts(companyId);
    expect(seen.filter((a) => a.threshold === 100).map((a) => a.userId).sort()).toEqual(recipients);
    expect(seen).toHaveLength(6);
    expect(await emailed(companyId)).toHaveLength(4);

    // A larger budget is a new measure: its thresholds alert again when passed.
    await db.query(sql`update projects set budget_minutes = 700 where id = ${projectId}`);
    await run();
    expect((await alerts(companyId)).filter((a) => a.threshold === 80)).toHaveLength(6);
  });

  it("alerts once, for 100 %, a project that passed both thresholds between two checks; archived projects are left alone", async () => {
    const companyId = await createCompany(db, "Overrun");
    const owner = (await createMember(db, companyId, "owner")).userId;
    const projectId = await createProject(db, companyId, { name: "Overrun" });
    const archived = await createProject(db, companyId, { name: "Archived" });
    await db.query(sql`update projects set budget_minutes = 60 where id = any(${[projectId, archived]}::uuid[])`);
    await createEntry(db, { companyId, userId: owner, projectId, day: "2026-11-16", minutes: 90 });
    await createEntry(db, { companyId, userId: owner, projectId: archived, day: "2026-11-16", minutes: 90 });
    await db.query(sql`update projects set archived_at = now() where id = ${archived}`);

    await Promise.all([run(), run()]);
    expect((await alerts(companyId)).map((a) => [a.userId, a.projectName, a.threshold])).toEqual([[owner, "Overrun", 100]]);
    const recorded = await db.query<{ period: string }>(sql`
      select period from reminders_sent where company_id = ${companyId} and kind = 'budget-alert' order by period`);
    expect(recorded.map((r) => r.period)).toEqual(["100%/60", "80%/60"]);
  });

  it("also tells the managers of the teams an assigned project is open to, and managers assigned in person, but no other manager", async () => {
    const companyId = await createCompany(db, "Managed");
    const owner = (await createMember(db, companyId, "owner")).userId;
    const teamManager = (await createMember(db, companyId, "manager")).userId;
    const archivedTeamManager = (await createMember(db, companyId, "manager")).userId;
    const assignedManager = (await createMember(db, companyId, "manager")).userId;
    const otherManager = (await createMember(db, companyId, "manager")).userId;
    const assignedEmployee = (await createMember(db, companyId, "employee")).userId;
    const team = await createTeam(db, companyId);
    const archivedTeam = await createTeam(db, companyId, { archived: true });
    const otherTeam = await createTeam(db, companyId);
    await addToTeam(db, companyId, team, teamManager, { manager: true });
    await addToTeam(db, companyId, archivedTeam, archivedTeamManager, { manager: true });
    await addToTeam(db, companyId, otherTeam, otherManager, { manager: true });
    const assigned = await createProject(db, companyId, { name: "Assigned" });
    const open = await createProject(db, companyId, { name: "Open" });
    await db.query(sql`update projects set access = 'assigned' where id = ${assigned}`);
    for (const to of [{ teamId: team }, { teamId: archivedTeam }, { userId: assignedManager }, { userId: assignedEmployee }]) {
      await assignToProject(db, companyId, assigned, to);
    }
    await db.query(sql`update projects set budget_minutes = 60 where id = any(${[assigned, open]}::uuid[])`);
    await createEntry(db, { companyId, userId: owner, projectId: assigned, day: "2026-11-16", minutes: 50 });
    await createEntry(db, { companyId, userId: owner, projectId: open, day: "2026-11-16", minutes: 50 });

    await run();
    const seen = await alerts(companyId);
    const to = (project: string) => seen.filter((a) => a.projectName === project).map((a) => a.userId).sort();
    expect(to("Assigned")).toEqual([owner, teamManager, assignedManager].sort());
    expect(to("Open")).toEqual([owner]);
  });
});
