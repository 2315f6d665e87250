import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createEntry, createProject } from "../../db/testing/time-fixtures";
import { createDevMailbox } from "../../emails/dev-mailbox.server";
import { createMailer } from "../../emails/mailer.server";
import { jobs as productJobs } from "../queues";
import type { JobInfo } from "../runner";
import { createInProcessRunner } from "../runners/in-process";
import { createProcessors } from "./index";
import { eventually } from "../testing/helpers";
import { localFileStorage } from "../storage/files";
import { testLogger } from "../testing/helpers";
import { createSendEmailProcessor } from "./send-email";
import { createSendScheduledReportProcessor } from "./send-scheduled-report";
import type { ScheduledReportJobPayload } from "../queues";

/**
 * send-scheduled-report on both backends: the period a run reports, the email and
 * its CSV, exactly once per schedule and period (a retry, a second worker, "send
 * now"), and a run that can't act as its creator failing instead of sending.
 */
let db: TestDatabase;
let filesRoot: string;
const appUrl = "http://hourbook.test";

beforeAll(async () => {
  db = await createTestDatabase();
  filesRoot = await mkdtemp(join(tmpdir(), "hourbook-scheduled-report-"));
});
afterAll(async () => {
  await db.close();
  await rm(filesRoot, { recursive: true, force: true });
});

const files = () => localFileStorage(filesRoot);
let clock = new Date();
const processor = () => createSendScheduledReportProcessor({ db, logger: testLogger, files: files(), now: () => clock });
let jobs = 0;
function run(data: ScheduledReportJobPayload, scheduledAt?: Date) {
  jobs += 1;
  const job: JobInfo<ScheduledReportJobPayload> = {
    id: `repeat:report-schedule:${data.scheduleId}:${scheduledAt?.getTime() ?? jobs}`,
    name: "send-scheduled-report",
    queue: "exports",
    data,
    attempt: 1,
    maxAttempts: 5,
    ...(scheduledAt ? { scheduledAt } : {}),
  };
  return processor()(job);
}

const emailOf = async (userId: string) => (await db.query<{ email: string }>(sql`select email from users where id = ${userId}`))[0]!.email;

/** A Berlin company with two projects' time in the week of 16–22 November 2026, and a weekly Monday 08:00 schedule. */
async function setUp(options: { creatorRole?: "admin" | "finance" | "owner"; shared?: boolean } = {}) {
  const companyId = await createCompany(db, "Scheduled Ltd");
  await db.query(sql`update companies set timezone = 'Europe/Berlin', week_start = 1 where id = ${companyId}`);
  await createMember(db, companyId, "owner");
  const creator = await createMember(db, companyId, options.creatorRole ?? "admin");
  const employee = await createMember(db, companyId, "employee");
  const reader = await createMember(db, companyId, "manager");
  const gone = await createMember(db, companyId, "finance");
  await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${gone.userId}`);
  const web = await createProject(db, companyId, { name: "Website" });
  const internal = await createProject(db, companyId, { name: "Internal", billable: false });
  await createEntry(db, { companyId, userId: employee.userId, projectId: web, day: "2026-11-16", minutes: 240 });
  await createEntry(db, { companyId, userId: employee.userId, projectId: web, day: "2026-11-22", minutes: 60 });
  await createEntry(db, { companyId, userId: creator.userId, projectId: internal, day: "2026-11-18", minutes: 90, billable: false });
  // Outside the week: the Sunday before, and the Monday of the run.
  await createEntry(db, { companyId, userId: employee.userId, projectId: web, day: "2026-11-15", minutes: 600 });
  await createEntry(db, { companyId, userId: employee.userId, projectId: web, day: "2026-11-23", minutes: 600 });
  const definition = { range: "last-week", values: { groupBy: "project" } };
  const [row] = await db.query<{ reportId: string; scheduleId: string }>(sql`
    with report as (
      insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
      values (${companyId}, ${creator.userId}, 'Hours by project', 'summary', ${definition}, ${options.shared ?? false})
      returning id
    ), schedule as (
      insert into report_schedules (company_id, report_id, created_by, frequency, weekday, hour, recipient_ids)
      select ${companyId}, report.id, ${creator.userId}, 'weekly', 1, 8,
             ${[creator.userId, reader.userId, gone.userId]}::uuid[] from report
      returning id
    )
    select report.id as "reportId", schedule.id as "scheduleId" from report, schedule`);
  return { companyId, creator, employee, reader, gone, ...row! };
}

async function queued(companyId: string) {
  return db.query<{ id: string; to: string; props: Record<string, unknown>; attachments: { key: string; filename: string }[] }>(sql`
    select id, payload->>'to' as to, payload->'props' as props, payload->'attachments' as attachments
      from outbox where company_id = ${companyId} and payload->>'template' = 'scheduled-report'
     order by payload->>'to'`);
}

const runs = (scheduleId: string) =>
  db.query<{ from: string; to: string }>(sql`
    select period_from::text as from, period_to::text as to from report_schedule_runs where schedule_id = ${scheduleId} order by 1`);

// Monday 23 November 2026, 08:00 in Berlin.
const mondayRun = new Date("2026-11-23T07:00:00Z");

describe("a scheduled report's run", () => {
  it("emails each active recipient the last full week's totals and top rows, with the report's entries as CSV", async () => {
    const s = await setUp();
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);

    expect(await runs(s.scheduleId)).toEqual([{ from: "2026-11-16", to: "2026-11-22" }]);
    const emails = await queued(s.companyId);
    expect(emails.map((email) => email.to)).toEqual([await emailOf(s.creator.userId), await emailOf(s.reader.userId)].sort());
    expect(emails[0]!.props).toMatchObject({
      reportName: "Hours by project",
      periodFrom: "2026-11-16",
      periodTo: "2026-11-22",
      totalMinutes: 390,
      billableMinutes: 300,
      entries: 3,
      groupLabel: "Project",
      topRows: [
        { label: "Website", minutes: 300, billableMinutes: 300 },
        { label: "Internal", minutes: 90, billableMinutes: 0 },
      ],
      moreRows: 0,
    });
    const [attachment, sheet] = emails[0]!.attachments;
    expect(attachment).toEqual({
      filename: "Hours by project 2026-11-16 to 2026-11-22.csv",
      contentType: "text/csv",
      key: `report-schedules/${s.companyId}/${s.scheduleId}/2026-11-16.csv`,
    });
    // The report as saved, a summary by project, as a spreadsheet (a zip: "PK").
    expect(sheet).toEqual({
      filename: "Hours by project 2026-11-16 to 2026-11-22.xlsx",
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      key: `report-schedules/${s.companyId}/${s.scheduleId}/2026-11-16.xlsx`,
    });
    expect((await text((await files().read(sheet!.key))!)).slice(0, 2)).toBe("PK");
    const csv = await text((await files().read(attachment!.key))!);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toMatch(/^Date,Person,Email,Client,Project/);
    expect(lines.slice(1).map((line) => line.slice(0, 10)).sort()).toEqual(["2026-11-16", "2026-11-18", "2026-11-22"]);
  });

  it("sends a period once: a retry, a second worker at the same time and 'send now' add nothing; the next week sends again", async () => {
    const s = await setUp();
    const ref = { companyId: s.companyId, scheduleId: s.scheduleId };
    await Promise.all([run(ref, mondayRun), run(ref, mondayRun)]);
    await run(ref, mondayRun);
    await run({ ...ref, asOf: "2026-11-25T12:00:00Z" });
    expect(await queued(s.companyId)).toHaveLength(2);
    expect(await runs(s.scheduleId)).toHaveLength(1);

    await run(ref, new Date("2026-11-30T07:00:00Z"));
    expect(await runs(s.scheduleId)).toEqual([
      { from: "2026-11-16", to: "2026-11-22" },
      { from: "2026-11-23", to: "2026-11-29" },
    ]);
    expect(await queued(s.companyId)).toHaveLength(4);
  });

  it("reports the period of the instant it was due, however late a retry runs", async () => {
    const s = await setUp();
    // Retried on the Wednesday of the week after: still the week the Monday run was for.
    clock = new Date("2026-12-02T10:00:00Z");
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    expect(await runs(s.scheduleId)).toEqual([{ from: "2026-11-16", to: "2026-11-22" }]);
    // Without a due instant (a job from before schedules carried one), the clock decides.
    await run({ companyId: s.companyId, scheduleId: s.scheduleId });
    expect((await runs(s.scheduleId)).at(-1)).toEqual({ from: "2026-11-23", to: "2026-11-29" });
  });

  it("acts as its creator: when they are no longer an owner, admin or finance member it fails, naming why, and sends nothing", async () => {
    const s = await setUp({ creatorRole: "finance" });
    await db.query(sql`update memberships set role = 'employee' where company_id = ${s.companyId} and user_id = ${s.creator.userId}`);
    const failed = run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    await expect(failed).rejects.toThrow(/no longer an active owner, admin or finance member, so it was not sent/);
    await expect(failed).rejects.toMatchObject({ name: "UnrecoverableError" });
    expect(await queued(s.companyId)).toEqual([]);
    expect(await runs(s.scheduleId)).toEqual([]);

    // Restored, the retry sends the same period.
    await db.query(sql`update memberships set role = 'finance' where company_id = ${s.companyId} and user_id = ${s.creator.userId}`);
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    expect(await runs(s.scheduleId)).toEqual([{ from: "2026-11-16", to: "2026-11-22" }]);
  });

  it("fails clearly when the report is someone else's and no longer shared with the creator", async () => {
    const s = await setUp({ shared: true });
    const other = await createMember(db, s.companyId, "admin");
    await db.query(sql`update saved_reports set owner_id = ${other.userId}, shared = false where id = ${s.reportId}`);
    await expect(run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun)).rejects.toThrow(
      /no longer shared with .* whom the schedule runs as/,
    );
    expect(await runs(s.scheduleId)).toEqual([]);
  });

  it("skips a paused schedule's scheduled run, but 'send now' sends it", async () => {
    const s = await setUp();
    await db.query(sql`update report_schedules set enabled = false where id = ${s.scheduleId}`);
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    expect(await queued(s.companyId)).toEqual([]);
    await run({ companyId: s.companyId, scheduleId: s.scheduleId, asOf: mondayRun.toISOString() });
    expect(await runs(s.scheduleId)).toEqual([{ from: "2026-11-16", to: "2026-11-22" }]);
  });

  it("skips a run its scheduler made before the schedule moved to another day", async () => {
    const s = await setUp();
    await db.query(sql`update report_schedules set weekday = 5 where id = ${s.scheduleId}`);
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    expect(await runs(s.scheduleId)).toEqual([]);
    // Friday 27 November 2026, 08:00 in Berlin: the schedule's own run.
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, new Date("2026-11-27T07:00:00Z"));
    expect(await runs(s.scheduleId)).toEqual([{ from: "2026-11-16", to: "2026-11-22" }]);
  });

  it("does nothing for a schedule that was deleted", async () => {
    const s = await setUp();
    await db.query(sql`delete from report_schedules where id = ${s.scheduleId}`);
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    expect(await queued(s.companyId)).toEqual([]);
  });

  it("arrives in the development mailbox with its CSV attached", async () => {
    const s = await setUp();
    await run({ companyId: s.companyId, scheduleId: s.scheduleId }, mondayRun);
    const [email] = await queued(s.companyId);
    const mailer = createMailer({ from: "Hourbook <no-reply@hourbook.test>", resendApiKey: undefined, db, logger: testLogger, appUrl });
    const send = createSendEmailProcessor({ db, mailer, appUrl, logger: testLogger, files: files() });
    await send({ id: email!.id, name: "send-email", queue: "email", data: { outboxId: email!.id, companyId: s.companyId }, attempt: 1, maxAttempts: 5 });

    const mailbox = createDevMailbox(db);
    const message = await mailbox.get(email!.id);
    expect(message?.subject).toBe("Hours by project: November 16, 2026 – November 22, 2026");
    expect(message?.html).toMatch(/href="http:\/\/hourbook\.test\/c\/t-[\w-]+\/reports\/schedules"/);
    expect(message?.attachments).toEqual([
      { filename: "Hours by project 2026-11-16 to 2026-11-22.csv", contentType: "text/csv", size: expect.any(Number) },
      {
        filename: "Hours by project 2026-11-16 to 2026-11-22.xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        size: expect.any(Number),
      },
    ]);
    const attachment = await mailbox.attachment(email!.id, 0);
    expect(attachment?.content.toString("utf8")).toContain("2026-11-18");
    expect((await mailbox.attachment(email!.id, 1))?.content.subarray(0, 2).toString()).toBe("PK");
    expect(await mailbox.attachment(email!.id, 2)).toBeNull();
  });

  it("that fails shows among the company's failed jobs with its reason, and a retry once fixed sends it", async () => {
    const s = await setUp({ creatorRole: "admin" });
    await db.query(sql`update memberships set role = 'manager' where company_id = ${s.companyId} and user_id = ${s.creator.userId}`);
    const mailer = createMailer({ from: "Hourbook <no-reply@hourbook.test>", resendApiKey: undefined, db, logger: testLogger, appUrl });
    const runner = createInProcessRunner({ catalog: productJobs, db, logger: testLogger, pollIntervalMs: 20 });
    runner.work(createProcessors({ db, mailer, appUrl, logger: testLogger, files: files() }), { concurrency: 1 });
    try {
      const jobId = await runner.enqueue({
        name: "send-scheduled-report",
        payload: { companyId: s.companyId, scheduleId: s.scheduleId, asOf: mondayRun.toISOString() },
      });
      // What the operator page (c.$company.jobs.tsx) lists: failed at once, not after five attempts.
      const [failed] = await eventually(async () => {
        const found = await runner.listFailed(s.companyId);
        return found.length ? found : undefined;
      });
      expect(failed).toMatchObject({ id: jobId, name: "send-scheduled-report", attempts: 1 });
      expect(failed!.error).toMatch(/no longer an active owner, admin or finance member/);

      await db.query(sql`update memberships set role = 'admin' where company_id = ${s.companyId} and user_id = ${s.creator.userId}`);
      expect(await runner.retryFailed(s.companyId, jobId)).toBe(true);
      await eventually(async () => (await runs(s.scheduleId)).length === 1);
      expect(await runner.listFailed(s.companyId)).toEqual([]);
      expect(await queued(s.companyId)).toHaveLength(2);
    } finally {
      await runner.close();
    }
  });
});
