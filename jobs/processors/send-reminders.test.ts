import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { MemberRole } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { addToTeam, createEntry, createProject, createTeam, setTimesheetStatus, timesheetFor } from "../../db/testing/time-fixtures";
import { testLogger } from "../testing/helpers";
import { createSendRemindersProcessor } from "./send-reminders";

/**
 * send-reminders on both backends, driven by a clock the test moves: who is
 * reminded (and by email or not), managers' digests, exactly once per person and
 * week however often or concurrently the job runs, and DST weeks in two zones.
 */
let db: TestDatabase;
let clock = new Date();

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const companies: string[] = [];
// The job scans every company with reminders on: each test's stay out of the next one's way.
afterEach(async () => {
  await db.query(sql`update companies set reminders_enabled = false where id = any(${companies}::uuid[])`);
});

const processor: ReturnType<typeof createSendRemindersProcessor> = (job) =>
  createSendRemindersProcessor({ db, logger: testLogger, now: () => clock })(job);
let runs = 0;
const runAt = (iso: string | Date) => {
  clock = new Date(iso);
  runs += 1;
  return processor({ id: `reminders-${runs}`, name: "send-reminders", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 });
};

async function company(options: { timezone: string; weekday: number; hour: number }) {
  const companyId = await createCompany(db, "Reminded");
  companies.push(companyId);
  await db.query(sql`
    update companies set timezone = ${options.timezone}, reminders_enabled = true,
           reminder_weekday = ${options.weekday}, reminder_hour = ${options.hour}
     where id = ${companyId}`);
  const owner = await createMember(db, companyId, "owner");
  const projectId = await createProject(db, companyId);
  const member = async (role: MemberRole = "employee") => (await createMember(db, companyId, role)).userId;
  const log = (userId: string, days: string[]) =>
    Promise.all(days.map((day) => createEntry(db, { companyId, userId, projectId, day, minutes: 60 })));
  return { companyId, owner: owner.userId, member, log };
}

const weekdays = (monday: string) =>
  [0, 1, 2, 3, 4].map((offset) => new Date(Date.parse(`${monday}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10));

async function notified(companyId: string, kind: string) {
  return db.query<{ userId: string; data: Record<string, unknown>; link: string }>(sql`
    select user_id as "userId", data, link from notifications
     where company_id = ${companyId} and kind = ${kind} order by created_at, user_id`);
}

async function emailed(companyId: string, template: string) {
  const rows = await db.query<{ to: string }>(sql`
    select payload->>'to' as to from outbox where company_id = ${companyId} and payload->>'template' = ${template}`);
  return rows.map((row) => row.to).sort();
}

const emailOf = async (userId: string) =>
  (await db.query<{ email: string }>(sql`select email from users where id = ${userId}`))[0]!.email;

const turnEmailOff = (companyId: string, userId: string, kind: string) =>
  db.query(sql`insert into notification_preferences (company_id, user_id, kind, email) values (${companyId}, ${userId}, ${kind}, false)`);

describe("missing-time reminders", () => {
  it("reminds active members with days missing in an unsubmitted week; email only for those who want it", async () => {
    // Friday 15:00 in Berlin: about this week (Monday 16 to Friday 20 November 2026).
    const c = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    const [quiet, complete, submitted, gone, missingWednesday, finance] = [
      await c.member(),
      await c.member(),
      await c.member(),
      await c.member(),
      await c.member(),
      await c.member("finance"),
    ];
    const week = weekdays("2026-11-16");
    await turnEmailOff(c.companyId, quiet, "timesheet-reminder");
    await c.log(complete, week);
    await c.log(submitted, [week[0]!]);
    await setTimesheetStatus(db, await timesheetFor(db, c.companyId, submitted, week[0]!), "submitted");
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${c.companyId} and user_id = ${gone}`);
    await c.log(missingWednesday, [week[0]!, week[1]!, week[3]!, week[4]!]);
    await c.log(finance, week.slice(0, 4));

    await runAt("2026-11-20T13:55:00Z"); // 14:55 in Berlin: not yet
    expect(await notified(c.companyId, "timesheet-reminder")).toEqual([]);

    await runAt("2026-11-20T14:00:00Z");
    const reminded = await notified(c.companyId, "timesheet-reminder");
    expect(reminded.map((n) => n.userId).sort()).toEqual([c.owner, quiet, missingWednesday, finance].sort());
    expect(reminded[0]).toMatchObject({
      data: { weekStart: "2026-11-16" },
      link: expect.stringMatching(/^\/c\/t-[0-9a-f]+\/time\?week=2026-11-16$/),
    });
    const wanted = await Promise.all([c.owner, missingWednesday, finance].map(emailOf));
    expect(await emailed(c.companyId, "timesheet-reminder")).toEqual(wanted.sort());
  });

  it("sends once per person and week however often, and however concurrently, the job runs", async () => {
    const c = await company({ timezone: "America/New_York", weekday: 5, hour: 16 });
    const employee = await c.member();
    // 16:00 in New York on Friday 20 November 2026 is 21:00 UTC.
    await runAt("2026-11-20T21:00:00Z");
    await Promise.all([runAt("2026-11-20T21:05:00Z"), processor({ id: "again", name: "send-reminders", queue: "maintenance", data: {}, attempt: 2, maxAttempts: 5 })]);
    await runAt("2026-11-21T02:55:00Z"); // the grace period's last run
    await runAt("2026-11-21T03:00:00Z"); // past it: nothing due
    const first = await notified(c.companyId, "timesheet-reminder");
    expect(first.map((n) => n.userId).sort()).toEqual([c.owner, employee].sort());

    // A fresh company for the concurrent first send, so no earlier run has claimed it.
    const d = await company({ timezone: "America/New_York", weekday: 5, hour: 16 });
    await Promise.all([runAt("2026-11-27T21:10:00Z"), runAt("2026-11-27T21:10:00Z"), runAt("2026-11-27T21:15:00Z")]);
    expect((await notified(d.companyId, "timesheet-reminder")).map((n) => n.data.weekStart)).toEqual(["2026-11-23"]);
    expect(await emailed(d.companyId, "timesheet-reminder")).toHaveLength(1);

    // The next week is another period: one more each.
    expect((await notified(c.companyId, "timesheet-reminder")).map((n) => n.data.weekStart).sort()).toEqual([
      "2026-11-16",
      "2026-11-16",
      "2026-11-23",
      "2026-11-23",
    ]);
  });

  it("reminds about the week just ended when the reminder falls early in the week", async () => {
    const c = await company({ timezone: "Europe/Berlin", weekday: 1, hour: 9 });
    await c.log(c.owner, weekdays("2026-11-23"));
    // Monday 30 November, 09:00 in Berlin: the week of the 23rd, which the owner completed.
    await runAt("2026-11-30T08:00:00Z");
    expect(await notified(c.companyId, "timesheet-reminder")).toEqual([]);
    const late = await c.member();
    await runAt("2026-11-30T08:05:00Z");
    expect((await notified(c.companyId, "timesheet-reminder")).map((n) => [n.userId, n.data.weekStart])).toEqual([[late, "2026-11-23"]]);
  });

  it("sends nothing while a company has reminders off, or for a week in the locked period", async () => {
    const off = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    await db.query(sql`update companies set reminders_enabled = false where id = ${off.companyId}`);
    const locked = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    await db.query(sql`update companies set locked_until = '2026-11-30' where id = ${locked.companyId}`);
    const open = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    await runAt("2026-12-04T14:00:00Z");
    expect(await notified(off.companyId, "timesheet-reminder")).toEqual([]);
    expect(await notified(locked.companyId, "timesheet-reminder")).toEqual([]);
    expect((await notified(open.companyId, "timesheet-reminder")).map((n) => n.userId)).toEqual([open.owner]);
  });
});

describe("a company that fails", () => {
  it("doesn't hold back the others; the run fails, and a retry sends what is left once", async () => {
    // The database takes an address the mailer refuses: the company's sending fails as a whole.
    const broken = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    const fine = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    const unreachable = await broken.member();
    await db.query(sql`update users set email = ${`${unreachable}@localhost`} where id = ${unreachable}`);

    await expect(runAt("2026-12-18T14:00:00Z")).rejects.toThrow(/1 companies failed/);
    expect((await notified(fine.companyId, "timesheet-reminder")).map((n) => n.userId)).toEqual([fine.owner]);
    expect(await notified(broken.companyId, "timesheet-reminder")).toEqual([]);

    await db.query(sql`update users set email = ${`${unreachable}@people.example`} where id = ${unreachable}`);
    await runAt("2026-12-18T14:05:00Z");
    expect((await notified(broken.companyId, "timesheet-reminder")).map((n) => n.userId).sort()).toEqual([broken.owner, unreachable].sort());
    expect(await notified(fine.companyId, "timesheet-reminder")).toHaveLength(1);
  });
});

describe("managers' weekly digest", () => {
  it("tells each team manager who hasn't submitted and how many wait, once a week, by email unless turned off", async () => {
    const c = await company({ timezone: "Europe/Berlin", weekday: 5, hour: 15 });
    const [manager, quietManager, flaggedEmployee, late, done, gone] = [
      await c.member("manager"),
      await c.member("manager"),
      await c.member("employee"),
      await c.member(),
      await c.member(),
      await c.member(),
    ];
    await db.query(sql`update users set name = 'Lena Late' where id = ${late}`);
    await db.query(sql`update users set name = 'Dora Done' where id = ${done}`);
    await db.query(sql`update users set name = 'Fred Flagged' where id = ${flaggedEmployee}`);
    const team = await createTeam(db, c.companyId);
    const otherTeam = await createTeam(db, c.companyId);
    for (const person of [late, done, gone]) await addToTeam(db, c.companyId, team, person);
    await addToTeam(db, c.companyId, team, manager, { manager: true });
    // A manager flag without a role that approves gives no authority, so no digest.
    await addToTeam(db, c.companyId, team, flaggedEmployee, { manager: true });
    await addToTeam(db, c.companyId, otherTeam, quietManager, { manager: true });
    await addToTeam(db, c.companyId, otherTeam, late);
    await turnEmailOff(c.companyId, quietManager, "timesheet-digest");
    await c.log(done, ["2026-12-07"]);
    await setTimesheetStatus(db, await timesheetFor(db, c.companyId, done, "2026-12-07"), "submitted");
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${c.companyId} and user_id = ${gone}`);

    await runAt("2026-12-11T14:00:00Z");
    await runAt("2026-12-11T14:05:00Z");
    const digests = await notified(c.companyId, "timesheet-digest");
    const approvals = expect.stringMatching(/^\/c\/t-[0-9a-f]+\/approvals\?week=2026-12-07$/);
    expect(digests.map((d) => [d.userId, d.data, d.link]).sort()).toEqual(
      [
        [manager, { weekStart: "2026-12-07", notSubmitted: ["Fred Flagged", "Lena Late"], waitingCount: 1 }, approvals],
        [quietManager, { weekStart: "2026-12-07", notSubmitted: ["Lena Late"], waitingCount: 0 }, approvals],
      ].sort(),
    );
    expect(await emailed(c.companyId, "timesheet-digest")).toEqual([await emailOf(manager)]);
  });
});

describe("DST weeks", () => {
  /** Run the job every 15 minutes over each Sunday's small hours; return when each company's reminders went out. */
  async function simulateSundays(sundays: string[], companyIds: string[]) {
    const firstSeen = new Map<string, string[]>(companyIds.map((id) => [id, []]));
    for (const sunday of sundays) {
      const start = Date.parse(`${sunday}T00:00:00Z`) - 4 * 3_600_000;
      for (let at = start; at <= start + 18 * 3_600_000; at += 15 * 60_000) {
        await runAt(new Date(at));
        const counts = await db.query<{ companyId: string; n: number }>(sql`
          select company_id as "companyId", count(*)::int as n from reminders_sent
           where company_id = any(${companyIds}::uuid[]) and kind = 'timesheet-reminder' group by company_id`);
        for (const { companyId, n } of counts) {
          const seen = firstSeen.get(companyId)!;
          if (n > seen.length) seen.push(...Array.from({ length: n - seen.length }, () => new Date(at).toISOString()));
        }
      }
    }
    return firstSeen;
  }

  async function periods(companyId: string) {
    const rows = await db.query<{ period: string }>(sql`
      select period from reminders_sent where company_id = ${companyId} and kind = 'timesheet-reminder' order by period`);
    return rows.map((row) => row.period);
  }

  it("spring forward: an hour that doesn't exist runs at the next existing time, once, in Berlin and New York", async () => {
    // Sunday 02:00 is skipped on 8 March 2026 in New York and on 29 March 2026 in Berlin.
    const berlin = await company({ timezone: "Europe/Berlin", weekday: 7, hour: 2 });
    const newYork = await company({ timezone: "America/New_York", weekday: 7, hour: 2 });
    const seen = await simulateSundays(["2026-03-01", "2026-03-08", "2026-03-15", "2026-03-22", "2026-03-29", "2026-04-05"], [
      berlin.companyId,
      newYork.companyId,
    ]);
    expect(seen.get(newYork.companyId)).toEqual([
      "2026-03-01T07:00:00.000Z", // 02:00 EST
      "2026-03-08T07:00:00.000Z", // 03:00 EDT, the first time after the gap
      "2026-03-15T06:00:00.000Z", // 02:00 EDT
      "2026-03-22T06:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
      "2026-04-05T06:00:00.000Z",
    ]);
    expect(seen.get(berlin.companyId)).toEqual([
      "2026-03-01T01:00:00.000Z", // 02:00 CET
      "2026-03-08T01:00:00.000Z",
      "2026-03-15T01:00:00.000Z",
      "2026-03-22T01:00:00.000Z",
      "2026-03-29T01:00:00.000Z", // 03:00 CEST, the first time after the gap
      "2026-04-05T00:00:00.000Z", // 02:00 CEST
    ]);
    const weeks = ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"];
    expect(await periods(berlin.companyId)).toEqual(weeks);
    expect(await periods(newYork.companyId)).toEqual(weeks);
  });

  it("fall back: an hour that happens twice runs once, in Berlin and New York", async () => {
    // Sunday 02:00–03:00 happens twice on 25 October 2026 in Berlin; 01:00–02:00 on 1 November 2026 in New York.
    const berlin = await company({ timezone: "Europe/Berlin", weekday: 7, hour: 2 });
    const newYork = await company({ timezone: "America/New_York", weekday: 7, hour: 1 });
    const seen = await simulateSundays(["2026-10-18", "2026-10-25", "2026-11-01", "2026-11-08"], [berlin.companyId, newYork.companyId]);
    const berlinSeen = seen.get(berlin.companyId)!;
    expect(berlinSeen).toHaveLength(4);
    expect(berlinSeen[0]).toBe("2026-10-18T00:00:00.000Z"); // 02:00 CEST
    expect(["2026-10-25T00:00:00.000Z", "2026-10-25T01:00:00.000Z"]).toContain(berlinSeen[1]);
    expect(berlinSeen.slice(2)).toEqual(["2026-11-01T01:00:00.000Z", "2026-11-08T01:00:00.000Z"]); // 02:00 CET
    const newYorkSeen = seen.get(newYork.companyId)!;
    expect(newYorkSeen).toHaveLength(4);
    expect(newYorkSeen[0]).toBe("2026-10-18T05:00:00.000Z"); // 01:00 EDT
    expect(newYorkSeen[1]).toBe("2026-10-25T05:00:00.000Z");
    expect(["2026-11-01T05:00:00.000Z", "2026-11-01T06:00:00.000Z"]).toContain(newYorkSeen[2]);
    expect(newYorkSeen[3]).toBe("2026-11-08T06:00:00.000Z"); // 01:00 EST
    const weeks = ["2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02"];
    expect(await periods(berlin.companyId)).toEqual(weeks);
    expect(await periods(newYork.companyId)).toEqual(weeks);
  });
});
