import { sql } from "../../../db/sql";
import { createEntry, createProject, timesheetFor } from "../../../db/testing/time-fixtures";
import { maxDetailedEntries } from "~/reports/formats";
import { companyWith, tokenFor } from "~/testing/api-harness";
import type { ContractCall, ContractCases, ContractWorld } from "~/testing/api-contract";
import { fileMediaTypes } from "../endpoint";

const month = "from=2026-11-01&to=2026-11-30";

async function someTime(w: ContractWorld): Promise<void> {
  const projectId = await createProject(w.db, w.owner.companyId);
  for (const [who, day] of [[w.owner, "2026-11-02"], [w.employee, "2026-11-03"]] as const) {
    await createEntry(w.db, { companyId: w.owner.companyId, userId: who.userId, projectId, day, minutes: 90 });
  }
}

/** The refusals both reports give from their query: the page's messages, as 400s. */
function badQueries(path: string): ContractCall[] {
  return [
    { path: `${path}?${month}&groupBy=colour`, expect: 400 },
    { path: `${path}?from=2026-11-30&to=2026-11-01`, expect: 400 },
    { path: `${path}?${month}&person=${crypto.randomUUID()}`, expect: 400 },
    { path: `${path}?${month}&format=pdf`, expect: 400 },
  ];
}

/** A company with one entry more than an XLSX file holds, and a token of its owner. */
async function tooLargeForXlsx(w: ContractWorld): Promise<string> {
  const { companyId, people } = await companyWith(w.db, { owner: "owner" });
  const projectId = await createProject(w.db, companyId);
  const days = 21;
  for (let day = 0; day < days; day += 7) await timesheetFor(w.db, companyId, people.owner.userId, `2026-11-${String(day + 2).padStart(2, "0")}`);
  // Behind the triggers: the report reads them, it doesn't matter how they came.
  await w.db.transaction(async (tx) => {
    await tx.exec("set local session_replication_role = replica");
    await tx.query(sql`
      insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable)
      select ${companyId}, ts.user_id, ts.id, ${projectId}, '2026-11-02'::date + g % ${days}, 1, false
        from generate_series(0, ${maxDetailedEntries.xlsx}) g
        join timesheets ts on ts.company_id = ${companyId}
                          and ts.week_start = week_start_of('2026-11-02'::date + g % ${days}, (select week_start from companies where id = ${companyId}))`);
  });
  return (await tokenFor(w.context, people.owner, ["reports:read"])).token;
}

export const reportCases: ContractCases = {
  getTimeReportSummary: async (w) => {
    await someTime(w);
    const path = "/api/v1/reports/time/summary";
    return [
      { path: `${path}?${month}&groupBy=project`, expect: 200 },
      { path: `${path}?${month}`, headers: { Accept: fileMediaTypes.csv }, expect: 200 },
      { path: `${path}?${month}&format=xlsx`, expect: 200 },
      ...badQueries(path),
    ];
  },
  getTimeReportDetailed: async (w) => {
    await someTime(w);
    const path = "/api/v1/reports/time/detailed";
    return [
      { path: `${path}?${month}&groupBy=week`, expect: 200 },
      { path: `${path}?${month}&format=csv`, expect: 200 },
      { path: `${path}?${month}`, headers: { Accept: fileMediaTypes.xlsx }, expect: 200 },
      ...badQueries(path),
      { path: `${path}?${month}&format=xlsx`, token: await tooLargeForXlsx(w), expect: 422 },
    ];
  },
};
