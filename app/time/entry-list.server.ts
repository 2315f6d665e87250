import { join, sql, type SqlFragment } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import type { Day } from "~/kernel/clock/weeks";
import type { TimesheetStatus } from "./timesheet-states";
import { visiblePeople } from "./whose-time.server";

/**
 * Entries as programs read them (the public API): by id, or filtered a page at a
 * time in the order (day, id), each with its person and its week's approval status.
 */
export interface EntryRecord {
  id: string;
  userId: string;
  projectId: string;
  taskId: string | null;
  timesheetId: string;
  day: Day;
  minutes: number;
  startedAt: Date | null;
  endedAt: Date | null;
  notes: string | null;
  billable: boolean;
  approval: TimesheetStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface EntryFilter {
  userId?: string;
  projectId?: string;
  clientId?: string;
  taskId?: string;
  from?: Day;
  to?: Day;
  billable?: boolean;
  approval?: TimesheetStatus;
  updatedSince?: Date;
}

const recordColumns = sql`
  e.id, e.user_id as "userId", e.project_id as "projectId", e.task_id as "taskId", e.timesheet_id as "timesheetId",
  e.work_date::text as day, e.minutes, e.started_at as "startedAt", e.ended_at as "endedAt", e.notes, e.billable,
  ts.status as approval, e.created_at as "createdAt", e.updated_at as "updatedAt"`;

const sheetJoin = sql`join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id`;

function seenBy(people: string[] | null): SqlFragment {
  return people ? sql`e.user_id = any(${people}::uuid[])` : sql`true`;
}

/**
 * One page of the entries the member may read, after `after` in (day, id) order.
 * Each filter is a condition on time_entries' own columns, so the one index
 * leading with the filter's column (person, project or the day) serves the scan
 * in day order and only ties within a day are sorted.
 */
export async function listEntriesAfter(
  tx: TenantTransaction,
  filter: EntryFilter,
  page: { after: { position: string; id: string } | null; limit: number },
): Promise<(EntryRecord & { position: string })[]> {
  const where = [sql`e.company_id = ${tx.tenant.companyId}`, seenBy(await visiblePeople(tx))];
  if (filter.userId) where.push(sql`e.user_id = ${filter.userId}`);
  if (filter.projectId) where.push(sql`e.project_id = ${filter.projectId}`);
  if (filter.taskId) where.push(sql`e.task_id = ${filter.taskId}`);
  if (filter.clientId) {
    where.push(sql`e.project_id in (select p.id from projects p where p.company_id = ${tx.tenant.companyId} and p.client_id = ${filter.clientId})`);
  }
  if (filter.from) where.push(sql`e.work_date >= ${filter.from}`);
  if (filter.to) where.push(sql`e.work_date <= ${filter.to}`);
  if (filter.billable !== undefined) where.push(sql`e.billable = ${filter.billable}`);
  if (filter.approval) where.push(sql`ts.status = ${filter.approval}`);
  if (filter.updatedSince) where.push(sql`e.updated_at >= ${filter.updatedSince}`);
  if (page.after) {
    // The plain bound lets the day index start at the cursor's day; the row comparison then skips that day's earlier ids.
    where.push(sql`e.work_date >= ${page.after.position}::date and (e.work_date, e.id) > (${page.after.position}::date, ${page.after.id}::uuid)`);
  }
  return tx.query<EntryRecord & { position: string }>(sql`
    select ${recordColumns}, e.work_date::text as position
      from time_entries e ${sheetJoin}
     where ${join(where, " and ")}
     order by e.work_date, e.id
     limit ${page.limit}`);
}

/** One entry the member may read, or null (unknown, another company's, or someone's whose time they can't see). */
export async function findEntry(tx: TenantTransaction, entryId: string): Promise<EntryRecord | null> {
  const [entry] = await tx.query<EntryRecord>(sql`
    select ${recordColumns} from time_entries e ${sheetJoin}
     where e.company_id = ${tx.tenant.companyId} and e.id = ${entryId} and ${seenBy(await visiblePeople(tx))}`);
  return entry ?? null;
}

/** Locks the entry's row for this transaction's change and reads it; null when the member may not change it. */
export async function lockEntry(tx: TenantTransaction, entryId: string): Promise<EntryRecord | null> {
  const locked = await tx.query(sql`select 1 from time_entries where company_id = ${tx.tenant.companyId} and id = ${entryId} for update`);
  return locked.length > 0 ? findEntry(tx, entryId) : null;
}

/** Several entries by id, in the order given (those just made, for the answer). */
export async function findEntries(tx: TenantTransaction, entryIds: string[]): Promise<EntryRecord[]> {
  const rows = await tx.query<EntryRecord>(sql`
    select ${recordColumns} from time_entries e ${sheetJoin}
     where e.company_id = ${tx.tenant.companyId} and e.id = any(${entryIds}::uuid[])`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return entryIds.flatMap((id) => byId.get(id) ?? []);
}
