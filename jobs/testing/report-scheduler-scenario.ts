import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import {
  createReportSchedule,
  deleteReportSchedule,
  setReportScheduleEnabled,
  updateReportSchedule,
  type ScheduleInput,
} from "../../app/reports/schedules.server";
import { getCompanySettings, updateCompanySettings } from "../../app/kernel/company/company.server";
import { createCompanyClockChangedProcessor } from "../processors/company-clock-changed";
import { createSyncReportScheduleProcessor } from "../processors/sync-report-schedule";
import { reconcileReportSchedulers, reportSchedulerId, syncReportScheduler } from "../report-schedulers";
import type { JobRunner, Schedule } from "../runner";
import { testLogger } from "./helpers";

export interface SchedulerHarness {
  runner: JobRunner;
  /** Every report schedule's scheduler as the runner's store holds it (BullMQ: getJobSchedulers on the queue). */
  schedulers(): Promise<{ id: string; schedule: Schedule }[]>;
  close(): Promise<void>;
}

/**
 * Each report schedule has exactly one job scheduler, shaped like its row, through
 * create, change, pause, resume, delete, a timezone change, concurrent syncs and a
 * reconciliation after schedulers went missing or stray: run against each runner.
 */
export function describeReportSchedulers(label: string, createHarness: () => Promise<SchedulerHarness>) {
  describe(`report schedules' job schedulers (${label})`, () => {
    let db: TestDatabase;
    let harness: SchedulerHarness;
    let owner: TenantContext;
    let finance: TenantContext;
    let companyId = "";
    let reportId = "";
    const synced = new Set<string>();
    const syncJobs = ["sync-report-schedule", "company-clock-changed"];

    beforeAll(async () => {
      db = await createTestDatabase();
      harness = await createHarness();
      companyId = await createCompany(db, "Scheduled Ltd");
      await db.query(sql`update companies set timezone = 'Europe/Berlin' where id = ${companyId}`);
      owner = await createMember(db, companyId, "owner");
      finance = await createMember(db, companyId, "finance");
      [{ id: reportId }] = (await db.query<{ id: string }>(sql`
        insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
        values (${companyId}, ${finance.userId}, 'Weekly hours', 'summary', ${{ range: "last-week", values: {} }}, true)
        returning id`)) as [{ id: string }];
    });
    afterAll(async () => {
      await harness.close();
      await db.close();
    });

    const as = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db, finance, work);
    const input = (changes: Partial<ScheduleInput> = {}): ScheduleInput => ({
      reportId,
      frequency: "weekly",
      weekday: 1,
      monthDay: null,
      hour: 8,
      recipientIds: [finance.userId],
      ...changes,
    });

    /** Run the sync jobs the changes queued, as the worker would after the relay. */
    async function runSyncJobs() {
      const rows = await db.query<{ id: string; job: string; scheduleId: string }>(sql`
        select id, job, payload->>'scheduleId' as "scheduleId" from outbox
         where company_id = ${companyId} and job = any(${syncJobs}) order by created_at, id`);
      const deps = { db, logger: testLogger, scheduler: harness.runner };
      const sync = createSyncReportScheduleProcessor(deps);
      const clockChanged = createCompanyClockChangedProcessor(deps);
      for (const row of rows.filter((candidate) => !synced.has(candidate.id))) {
        synced.add(row.id);
        const job = { id: row.id, queue: "maintenance", attempt: 1, maxAttempts: 5 };
        if (row.job === "company-clock-changed") await clockChanged({ ...job, name: row.job, data: { companyId } });
        else await sync({ ...job, name: "sync-report-schedule", data: { companyId, scheduleId: row.scheduleId } });
      }
    }

    const schedulers = async () => (await harness.schedulers()).sort((a, b) => a.id.localeCompare(b.id));

    it("keeps exactly one scheduler per schedule through create, change, pause, resume and delete", async () => {
      const first = await as((tx) => createReportSchedule(tx, input()));
      if (!first.ok) throw new Error(first.message);
      await runSyncJobs();
      expect(await schedulers()).toEqual([{ id: reportSchedulerId(first.id), schedule: { pattern: "0 8 * * 1", tz: "Europe/Berlin" } }]);

      await as((tx) => updateReportSchedule(tx, first.id, input({ frequency: "monthly", weekday: null, monthDay: 1, hour: 6 })));
      await runSyncJobs();
      expect(await schedulers()).toEqual([{ id: reportSchedulerId(first.id), schedule: { pattern: "0 6 1 * *", tz: "Europe/Berlin" } }]);

      await as((tx) => setReportScheduleEnabled(tx, first.id, false));
      await runSyncJobs();
      expect(await schedulers()).toEqual([]);
      await as((tx) => setReportScheduleEnabled(tx, first.id, true));
      await runSyncJobs();
      expect(await schedulers()).toHaveLength(1);

      const second = await as((tx) => createReportSchedule(tx, input({ weekday: 5, hour: 17 })));
      if (!second.ok) throw new Error(second.message);
      await runSyncJobs();
      expect((await schedulers()).map((s) => s.id).sort()).toEqual([reportSchedulerId(first.id), reportSchedulerId(second.id)].sort());

      await as((tx) => deleteReportSchedule(tx, first.id));
      await runSyncJobs();
      expect(await schedulers()).toEqual([{ id: reportSchedulerId(second.id), schedule: { pattern: "0 17 * * 5", tz: "Europe/Berlin" } }]);

      // Syncs of one schedule at once (a retry racing the next change's job) still leave one.
      await Promise.all(Array.from({ length: 5 }, () => syncReportScheduler(db, harness.runner, second.id)));
      expect(await schedulers()).toHaveLength(1);
    });

    it("follows a new company timezone as soon as the settings are saved", async () => {
      await withTenant(db, owner, async (tx) => {
        const settings = await getCompanySettings(tx);
        await updateCompanySettings(tx, { ...settings!, timezone: "Asia/Tokyo" });
      });
      await runSyncJobs();
      expect((await schedulers()).map((s) => s.schedule)).toEqual([{ pattern: "0 17 * * 5", tz: "Asia/Tokyo" }]);
      // Saving other settings leaves the schedulers alone.
      const queuedSyncs = sql`select 1 from outbox where company_id = ${companyId} and job = any(${syncJobs})`;
      const queued = (await db.query(queuedSyncs)).length;
      await withTenant(db, owner, async (tx) => updateCompanySettings(tx, { ...(await getCompanySettings(tx))!, name: "Scheduled GmbH" }));
      expect(await db.query(queuedSyncs)).toHaveLength(queued);
    });

    it("reconciles on start: a missing scheduler comes back, a stray one goes, a new company timezone is followed", async () => {
      const [kept] = await schedulers();
      expect(kept).toBeDefined();
      await harness.runner.removeSchedule(kept!.id);
      const stray = reportSchedulerId(crypto.randomUUID());
      await harness.runner.upsertSchedule(stray, { pattern: "0 9 * * 2", tz: "UTC" }, {
        name: "send-scheduled-report",
        payload: { companyId, scheduleId: stray.slice(-36) },
      });
      await db.query(sql`update companies set timezone = 'America/New_York' where id = ${companyId}`);

      await reconcileReportSchedulers(db, harness.runner, testLogger);
      expect(await schedulers()).toEqual([{ id: kept!.id, schedule: { pattern: "0 17 * * 5", tz: "America/New_York" } }]);
    });
  });
}
