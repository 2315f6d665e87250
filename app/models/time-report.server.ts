import { stringify, type ColumnOption } from "csv-stringify/sync";
import { join, sql, SqlFragment } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import type { ReportFilter, ReportGrouping } from "~/time/report-filter";
import type { Day } from "~/time/weeks";

/**
 * The time report: minutes in a date range, grouped by person, project or client,
 * and the same entries one per row for the CSV download. Nothing here limits by
 * role: RLS on time_entries and timesheets shows each member exactly the time they
 * may see (their own; a manager's teams too; everyone's to owners, admins, finance).
 */

export interface ReportRow {
  /** The person's, project's or client's id; null for the time of projects without a client. */
  key: string | null;
  label: string;
  minutes: number;
  billableMinutes: number;
  entries: number;
}

export interface TimeReport {
  rows: ReportRow[];
  totals: Omit<ReportRow, "key" | "label">;
}

const groupings: Record<ReportGrouping, { key: SqlFragment; label: SqlFragment }> = {
  person: { key: sql`u.id`, label: sql`coalesce(nullif(btrim(u.name), ''), u.email)` },
  project: { key: sql`p.id`, label: sql`p.name || coalesce(' (' || p.code || ')', '')` },
  client: { key: sql`cl.id`, label: sql`coalesce(cl.name, 'No client')` },
};

const labelJoins = sql`
  join users u on u.id = e.user_id
  join projects p on p.company_id = e.company_id and p.id = e.project_id
  left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id`;

// Joined only when needed: timesheets carry the same RLS policy as entries, checked
// again per row, which made a manager's year summary three times slower on PGlite.
const sheetJoin = sql`join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id`;

function conditions(tx: TenantTransaction, filter: ReportFilter): SqlFragment {
  const where = [sql`e.company_id = ${tx.tenant.companyId}`, sql`e.work_date between ${filter.from} and ${filter.to}`];
  if (filter.userIds.length > 0) where.push(sql`e.user_id = any(${filter.userIds}::uuid[])`);
  if (filter.projectIds.length > 0) where.push(sql`e.project_id = any(${filter.projectIds}::uuid[])`);
  if (filter.clientIds.length > 0) where.push(sql`p.client_id = any(${filter.clientIds}::uuid[])`);
  if (filter.billable !== "all") where.push(sql`e.billable = ${filter.billable === "billable"}`);
  if (filter.status === "approved") where.push(sql`ts.status = 'approved'`);
  return join(where, " and ");
}

export async function summarizeTime(tx: TenantTransaction, filter: ReportFilter): Promise<TimeReport> {
  const group = groupings[filter.groupBy];
  const rows = await tx.query<ReportRow>(sql`
    select ${group.key} as key, ${group.label} as label, sum(e.minutes)::int as minutes,
           coalesce(sum(e.minutes) filter (where e.billable), 0)::int as "billableMinutes", count(*)::int as entries
      from time_entries e ${labelJoins} ${filter.status === "approved" ? sheetJoin : sql``}
     where ${conditions(tx, filter)}
     group by 1, 2
     order by lower(${group.label}), 1`);
  const totals = { minutes: 0, billableMinutes: 0, entries: 0 };
  for (const row of rows) {
    totals.minutes += row.minutes;
    totals.billableMinutes += row.billableMinutes;
    totals.entries += row.entries;
  }
  return { rows, totals };
}

// ------------------------------------------------------- the filter's choices

export interface ReportChoice {
  id: string;
  label: string;
}

/** People whose time the member may see: offering anyone else would only ever match nothing. */
export function listReportPeople(tx: TenantTransaction): Promise<ReportChoice[]> {
  return tx.query<ReportChoice>(sql`
    select u.id, coalesce(nullif(btrim(u.name), ''), u.email) as label
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and app_sees_time_of(m.user_id)
     order by lower(coalesce(nullif(btrim(u.name), ''), u.email)), u.id`);
}

export function listReportProjects(tx: TenantTransaction): Promise<ReportChoice[]> {
  return tx.query<ReportChoice>(sql`
    select p.id, ${groupings.project.label} as label from projects p
     where p.company_id = ${tx.tenant.companyId}
     order by p.archived_at is not null, lower(p.name), p.id`);
}

export function listReportClients(tx: TenantTransaction): Promise<ReportChoice[]> {
  return tx.query<ReportChoice>(sql`
    select cl.id, cl.name as label from clients cl
     where cl.company_id = ${tx.tenant.companyId}
     order by cl.archived_at is not null, lower(cl.name), cl.id`);
}

// ------------------------------------------------------- one row per entry (CSV)

export interface ReportEntry {
  date: Day;
  person: string;
  email: string;
  client: string | null;
  project: string;
  projectCode: string | null;
  task: string | null;
  notes: string | null;
  /** Decimal hours, two places ('1.50'), as spreadsheets sum them. */
  hours: string;
  minutes: number;
  billable: boolean;
  status: string;
  /** Frozen at approval, per hour, in `currency`'s minor units; null before. */
  rateMinor: number | null;
  /** rateMinor × hours, rounded half away from zero to a whole minor unit. */
  amountMinor: number | null;
  currency: string | null;
}

export const defaultEntryBatchSize = 2_000;

/**
 * Every matching entry, oldest first, in batches: for a download that must not
 * hold the whole range in memory. Call within one transaction and drain or drop
 * the iterator before it ends.
 *
 * A cursor rather than keyset pages: the tenant transaction runs at read committed
 * (withTenant's own set-up queries come before any chance to raise the isolation
 * level), so each keyset page would see a new snapshot, and an entry edited between
 * pages could appear twice or not at all. A cursor reads the one snapshot taken
 * when it is declared, so the file is the report as of one instant, and each fetch
 * continues where the last stopped without re-sorting.
 */
export async function* reportEntryBatches(
  tx: TenantTransaction,
  filter: ReportFilter,
  batchSize = defaultEntryBatchSize,
): AsyncGenerator<ReportEntry[]> {
  // FETCH takes its count as a literal, not a parameter; the check keeps it a plain integer.
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize}`);
  await tx.query(sql`
    declare time_report_entries no scroll cursor for
    select e.work_date as date, coalesce(nullif(btrim(u.name), ''), u.email) as person, u.email, cl.name as client,
           p.name as project, p.code as "projectCode", t.name as task, e.notes,
           round(e.minutes / 60.0, 2)::text as hours, e.minutes, e.billable, ts.status,
           e.rate_minor as "rateMinor", round(e.rate_minor * e.minutes / 60.0)::bigint as "amountMinor", e.currency
      from time_entries e ${labelJoins} ${sheetJoin}
      left join tasks t on t.company_id = e.company_id and t.id = e.task_id
     where ${conditions(tx, filter)}
     order by e.work_date, e.id`);
  const fetch = new SqlFragment([`fetch forward ${batchSize} from time_report_entries`], []);
  for (;;) {
    const batch = await tx.query<ReportEntry>(fetch);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) break;
  }
  // Dropped early, the cursor ends with the transaction; drained, it goes now, so
  // the same transaction could read the entries again.
  await tx.query(sql`close time_report_entries`);
}

/**
 * 12345 → '123.45': a plain decimal for spreadsheets. Minor units are hundredths in
 * every currency (see app/project-fields.ts), so the file reads as the rates were typed.
 */
export function minorToDecimal(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(minor)).padStart(3, "0");
  return `${sign}${text.slice(0, -2)}.${text.slice(-2)}`;
}

const csvColumns: ColumnOption[] = [
  { key: "date", header: "Date" },
  { key: "person", header: "Person" },
  { key: "email", header: "Email" },
  { key: "client", header: "Client" },
  { key: "project", header: "Project" },
  { key: "projectCode", header: "Project code" },
  { key: "task", header: "Task" },
  { key: "notes", header: "Notes" },
  { key: "hours", header: "Hours" },
  { key: "minutes", header: "Minutes" },
  { key: "billable", header: "Billable" },
  { key: "status", header: "Status" },
  { key: "rate", header: "Rate" },
  { key: "amount", header: "Amount" },
  { key: "currency", header: "Currency" },
];

function csvRecord(entry: ReportEntry) {
  const money = (minor: number | null) => (minor === null || !entry.currency ? null : minorToDecimal(minor));
  return { ...entry, billable: entry.billable ? "yes" : "no", rate: money(entry.rateMinor), amount: money(entry.amountMinor) };
}

/**
 * The report's entries as CSV, one chunk per batch. A byte order mark leads, or
 * Excel reads the UTF-8 as a legacy code page and garbles names like "Müller".
 * Text starting with =, +, -, @, tab or CR gets a leading apostrophe (OWASP's
 * advice, csv-stringify's escape_formulas): notes are typed by anyone, and the file
 * is opened in spreadsheets by finance.
 */
export async function* reportCsvChunks(
  tx: TenantTransaction,
  filter: ReportFilter,
  batchSize = defaultEntryBatchSize,
): AsyncGenerator<string, void> {
  let first = true;
  for await (const batch of reportEntryBatches(tx, filter, batchSize)) {
    yield stringify(batch.map(csvRecord), { columns: csvColumns, header: first, bom: first, escape_formulas: true });
    first = false;
  }
  if (first) yield stringify([], { columns: csvColumns, header: true, bom: true });
}
