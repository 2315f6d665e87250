import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createReportSchedule, listReportSchedules, listSchedulableReports, type ScheduleInput } from "./schedules.server";

/**
 * The database's side of report schedules, behind the pages' 403: only owners,
 * admins and finance see or make them, and what a member may schedule is what
 * they may see of saved reports.
 */
let db: TestDatabase;
let companyId = "";
let people: Record<"owner" | "finance" | "manager" | "employee", TenantContext>;
let sharedReport = "";

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Walls Ltd");
  people = {
    owner: await createMember(db, companyId, "owner"),
    finance: await createMember(db, companyId, "finance"),
    manager: await createMember(db, companyId, "manager"),
    employee: await createMember(db, companyId, "employee"),
  };
  const definition = { range: "last-month", values: {} };
  [{ id: sharedReport }] = (await db.query<{ id: string }>(sql`
    insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
    values (${companyId}, ${people.manager.userId}, 'Shared by the manager', 'summary', ${definition}, true),
           (${companyId}, ${people.owner.userId}, 'The owner''s own', 'summary', ${definition}, false)
    returning id`)) as [{ id: string }];
});
afterAll(() => db.close());

const input = (): ScheduleInput => ({
  reportId: sharedReport,
  frequency: "monthly",
  weekday: null,
  monthDay: 3,
  hour: 7,
  recipientIds: [people.employee.userId],
});

describe("report schedules in the database", () => {
  it("are made by finance, as themselves, on a report shared with them; private reports of others aren't offered", async () => {
    const made = await withTenant(db, people.finance, (tx) => createReportSchedule(tx, input()));
    expect(made.ok).toBe(true);
    const offered = await withTenant(db, people.finance, listSchedulableReports);
    expect(offered.map((report) => report.label)).toEqual(["Shared by the manager (shared)"]);
    const listed = await withTenant(db, people.owner, (tx) => listReportSchedules(tx, new Date("2026-11-21T12:00:00Z")));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ createdBy: people.finance.userId, reportName: "Shared by the manager", monthDay: 3, hour: 7 });
    // The 3rd of December 2026, 07:00 UTC (the company's default zone).
    expect(listed[0]!.nextRunAt?.toISOString()).toBe("2026-12-03T07:00:00.000Z");
  });

  it("are neither seen nor made by managers and employees, whatever the application asks", async () => {
    for (const role of ["manager", "employee"] as const) {
      expect(await withTenant(db, people[role], (tx) => listReportSchedules(tx))).toEqual([]);
      await expect(withTenant(db, people[role], (tx) => createReportSchedule(tx, input()))).rejects.toThrow(/row-level security/);
      const runs = await withTenant(db, people[role], (tx) => tx.query(sql`select * from report_schedule_runs`));
      expect(runs).toEqual([]);
    }
  });
});
