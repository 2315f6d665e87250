import { sql } from "../db/sql";
import type { Database } from "../db/types";
import type { Logger } from "../platform/logger";
import { cronPatternOf, type ScheduleTiming } from "../app/reports/schedule";
import type { JobRunner } from "./runner";

/**
 * Keeps one job scheduler per report schedule, shaped like its row: created with
 * the row, changed with it, removed when it is paused or deleted. The rows are
 * the truth; this reads them on the owner connection (schedules of every company)
 * and tells the runner.
 *
 * A row change queues `sync-report-schedule` through the outbox, so the scheduler
 * follows every committed change; a worker starting reconciles them all, which
 * mends whatever a lost Redis or the in-process runner's restart left behind.
 * Each sync holds a per-schedule advisory lock while it reads the row and tells
 * the runner, so two syncs of one schedule can't apply an older row last.
 */

export type ReportScheduler = Pick<JobRunner, "upsertSchedule" | "removeSchedule" | "listSchedules">;

const prefix = "report-schedule:";

export function reportSchedulerId(scheduleId: string): string {
  return `${prefix}${scheduleId}`;
}

interface ScheduleRow extends ScheduleTiming {
  companyId: string;
  id: string;
  enabled: boolean;
  timezone: string;
}

/** Upsert or remove one schedule's scheduler from its row as it is now; says which it did. */
export function syncReportScheduler(db: Database, scheduler: ReportScheduler, scheduleId: string): Promise<"upserted" | "removed"> {
  const schedulerId = reportSchedulerId(scheduleId);
  return db.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(hashtextextended(${schedulerId}, 0))`);
    const [row] = await tx.query<ScheduleRow>(sql`
      select s.company_id as "companyId", s.id, s.frequency, s.weekday, s.month_day as "monthDay", s.hour, s.enabled, c.timezone
        from report_schedules s join companies c on c.id = s.company_id
       where s.id = ${scheduleId}`);
    if (!row?.enabled) {
      await scheduler.removeSchedule(schedulerId);
      return "removed";
    }
    await scheduler.upsertSchedule(
      schedulerId,
      { pattern: cronPatternOf(row), tz: row.timezone },
      { name: "send-scheduled-report", payload: { companyId: row.companyId, scheduleId: row.id } },
    );
    return "upserted";
  });
}

/** The company's clock changed: each of its schedulers takes the new zone now, not at its next run or worker start. */
export async function syncCompanyReportSchedulers(db: Database, scheduler: ReportScheduler, companyId: string): Promise<number> {
  const schedules = await db.query<{ id: string }>(sql`select id from report_schedules where company_id = ${companyId}`);
  for (const { id } of schedules) await syncReportScheduler(db, scheduler, id);
  return schedules.length;
}

const pageSize = 500;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Bring every scheduler in line with the rows: each schedule synced, and each
 * scheduler whose schedule is gone removed. Run when a process starts working jobs.
 */
export async function reconcileReportSchedulers(
  db: Database,
  scheduler: ReportScheduler,
  logger: Logger,
): Promise<{ upserted: number; removed: number }> {
  const counts = { upserted: 0, removed: 0 };
  const seen = new Set<string>();
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const ids = await db.query<{ id: string }>(sql`
      select id from report_schedules where id > ${after} order by id limit ${pageSize}`);
    for (const { id } of ids) {
      seen.add(reportSchedulerId(id));
      counts[await syncReportScheduler(db, scheduler, id)] += 1;
    }
    if (ids.length < pageSize) break;
    after = ids.at(-1)!.id;
  }
  for (const orphan of await scheduler.listSchedules(prefix)) {
    if (seen.has(orphan.id)) continue;
    const scheduleId = orphan.id.slice(prefix.length);
    if (!uuidPattern.test(scheduleId)) {
      counts.removed += Number(await scheduler.removeSchedule(orphan.id));
      continue;
    }
    // Through the same sync: a schedule created since the pages were read is kept.
    counts[await syncReportScheduler(db, scheduler, scheduleId)] += 1;
  }
  logger.info(counts, "Report schedules reconciled with the job schedulers");
  return counts;
}
