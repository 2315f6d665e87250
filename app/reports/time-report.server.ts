import { stringify, type ColumnOption } from "csv-stringify/sync";
import { join, sql, SqlFragment } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import type { ReportFilter, ReportGrouping } from "./filter";
import { can } from "~/kernel/permissions";
import type { Day } from "~/kernel/clock/weeks";

/**
 * The time report: minutes in a date range, grouped by person, project, client,
 * task or week, and the same entries one per row (the detailed report and the
 * downloads). Nothing here limits by role: RLS on time_entries and timesheets shows
 * each member exactly the time they may see (their own; a manager's teams too;
 * everyone's to owners, admins, finance).
 */

export interface ReportRow {
  /**
   * The person's, project's, client's or task's id, or the week's first day;
   * null for time without a client or a task.
   */
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

interface Grouping {
  key: SqlFragment;
  label: SqlFragment;
  /** The detailed report's order of groups; the summary sorts its rows alike, by label and then key. */
  order: SqlFragment;
  needsTask?: boolean;
}

const personLabel = sql`coalesce(nullif(btrim(u.name), ''), u.email)`;
const projectLabel = sql`p.name || coalesce(' (' || p.code || ')', '')`;

function groupingOf(tx: TenantTransaction, grouping: ReportGrouping): Grouping {
  switch (grouping) {
    case "person":
      return { key: sql`u.id::text`, label: personLabel, order: sql`lower(${personLabel}), u.id` };
    case "project":
      return { key: sql`p.id::text`, label: projectLabel, order: sql`lower(${projectLabel}), p.id` };
    case "client": {
      const label = sql`coalesce(cl.name, 'No client')`;
      return { key: sql`cl.id::text`, label, order: sql`cl.id is null, lower(${label}), cl.id` };
    }
    case "task": {
      // A task's name alone repeats across projects ("Design"): the project tells them apart.
      const label = sql`coalesce(t.name || ' · ' || p.name, 'No task')`;
      return { key: sql`t.id::text`, label, order: sql`t.id is null, lower(${label}), t.id`, needsTask: true };
    }
    case "week": {
      // The company's timesheet week. Uncorrelated, so Postgres reads the setting once.
      const week = sql`week_start_of(e.work_date, (select c.week_start from companies c where c.id = ${tx.tenant.companyId}))`;
      return { key: sql`to_char(${week}, 'YYYY-MM-DD')`, label: sql`to_char(${week}, 'YYYY-MM-DD')`, order: week };
    }
  }
}

const labelJoins = sql`
  join users u on u.id = e.user_id
  join projects p on p.company_id = e.company_id and p.id = e.project_id
  left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id`;
const taskJoin = sql`left join tasks t on t.company_id = e.company_id and t.id = e.task_id`;

// Joined only when needed: timesheets carry the same RLS policy as entries, checked
// again per row, which made a manager's year summary three times slower on PGlite.
const sheetJoin = sql`join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id`;

/**
 * Whose entries a manager or an employee may see, read once before the report's
 * query: null for the roles that see everyone. RLS already limits the rows; naming
 * the people as a parameter as well lets the planner read just their entries by
 * index instead of testing a year of the company's rows against the policy (a
 * manager's year summary went from a sequential scan to an index scan, 8× faster).
 */
function visiblePeople(tx: TenantTransaction): Promise<string[] | null> {
  if (can(tx.tenant.role, "time:view-all")) return Promise.resolve(null);
  // Read once per transaction: a report page asks for the summary and both choice lists.
  let people = visiblePeopleByTransaction.get(tx);
  if (!people) {
    people = tx
      .query<{ ids: string[] }>(sql`select (select app_managed_user_ids()) || ${tx.tenant.userId}::uuid as ids`)
      .then(([row]) => row!.ids);
    visiblePeopleByTransaction.set(tx, people);
  }
  return people;
}
const visiblePeopleByTransaction = new WeakMap<TenantTransaction, Promise<string[]>>();

/** Whether `person` is one of `people` (null: everyone), as SQL; app_sees_time_of per row re-reads a manager's teams each time. */
function seenBy(person: SqlFragment, people: string[] | null): SqlFragment {
  return people ? sql`${person} = any(${people}::uuid[])` : sql`true`;
}

function conditions(tx: TenantTransaction, filter: ReportFilter, people: string[] | null): SqlFragment {
  const where = [sql`e.company_id = ${tx.tenant.companyId}`, sql`e.work_date between ${filter.from} and ${filter.to}`, seenBy(sql`e.user_id`, people)];
  if (filter.userIds.length > 0) where.push(sql`e.user_id = any(${filter.userIds}::uuid[])`);
  if (filter.teamIds.length > 0) {
    // The teams' members as they are now: a team's report follows who is in it.
    where.push(sql`e.user_id in (
      select tm.user_id from team_members tm where tm.company_id = e.company_id and tm.team_id = any(${filter.teamIds}::uuid[]))`);
  }
  if (filter.projectIds.length > 0) where.push(sql`e.project_id = any(${filter.projectIds}::uuid[])`);
  if (filter.clientIds.length > 0) where.push(sql`p.client_id = any(${filter.clientIds}::uuid[])`);
  if (filter.billable !== "all") where.push(sql`e.billable = ${filter.billable === "billable"}`);
  if (filter.status === "approved") where.push(sql`ts.status = 'approved'`);
  return join(where, " and ");
}

export async function summarizeTime(tx: TenantTransaction, filter: ReportFilter): Promise<TimeReport> {
  const group = groupingOf(tx, filter.groupBy);
  const people = await visiblePeople(tx);
  // Ordered outside: the grouped expressions carry parameters, which Postgres
  // doesn't recognise as the same expression again in an ORDER BY.
  const rows = await tx.query<ReportRow>(sql`
    select * from (
      select ${group.key} as key, ${group.label} as label, sum(e.minutes)::int as minutes,
             coalesce(sum(e.minutes) filter (where e.billable), 0)::int as "billableMinutes", count(*)::int as entries
        from time_entries e ${labelJoins} ${group.needsTask ? taskJoin : sql``} ${filter.status === "approved" ? sheetJoin : sql``}
       where ${conditions(tx, filter, people)}
       group by 1, 2) g
     order by ${filter.groupBy === "week" ? sql`key` : sql`key is null, lower(label), key`}`);
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
export async function listReportPeople(tx: TenantTransaction): Promise<ReportChoice[]> {
  return tx.query<ReportChoice>(sql`
    select u.id, coalesce(nullif(btrim(u.name), ''), u.email) as label
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and ${seenBy(sql`m.user_id`, await visiblePeople(tx))}
     order by lower(coalesce(nullif(btrim(u.name), ''), u.email)), u.id`);
}

export function listReportProjects(tx: TenantTransaction): Promise<ReportChoice[]> {
  return tx.query<ReportChoice>(sql`
    select p.id, ${projectLabel} as label from projects p
     where p.company_id = ${tx.tenant.companyId}
     order by p.archived_at is not null, lower(p.name), p.id`);
}

export function listReportClients(tx: TenantTransaction): Promise<ReportChoice[]> {
  return tx.query<ReportChoice>(sql`
    select cl.id, cl.name as label from clients cl
     where cl.company_id = ${tx.tenant.companyId}
     order by cl.archived_at is not null, lower(cl.name), cl.id`);
}

/** Teams with someone whose time the member may see: a manager's own teams, every team for admins and finance. */
export async function listReportTeams(tx: TenantTransaction): Promise<ReportChoice[]> {
  const people = await visiblePeople(tx);
  return tx.query<ReportChoice>(sql`
    select tm.id, tm.name as label from teams tm
     where tm.company_id = ${tx.tenant.companyId}
       and exists (select 1 from team_members m where m.company_id = tm.company_id and m.team_id = tm.id and ${seenBy(sql`m.user_id`, people)})
     order by tm.archived_at is not null, lower(tm.name), tm.id`);
}

export type ReportChoiceField = "person" | "team" | "project" | "client";

/**
 * Messages for ids in the filter that name nothing in this company (deleted since a
 * link or a saved report was made, or typed by hand), by field, as the form shows
 * them. Someone in the company whose time the member can't see is not unknown: the
 * report then shows nothing of theirs, as RLS decides.
 */
export async function unknownReportChoices(tx: TenantTransaction, filter: ReportFilter): Promise<Partial<Record<ReportChoiceField, string[]>>> {
  const [missing] = await tx.query<Record<ReportChoiceField, number>>(sql`
    select
      (select count(*) from unnest(${filter.userIds}::uuid[]) i(id)
        where not exists (select 1 from memberships m where m.company_id = ${tx.tenant.companyId} and m.user_id = i.id))::int as person,
      (select count(*) from unnest(${filter.teamIds}::uuid[]) i(id)
        where not exists (select 1 from teams t where t.company_id = ${tx.tenant.companyId} and t.id = i.id))::int as team,
      (select count(*) from unnest(${filter.projectIds}::uuid[]) i(id)
        where not exists (select 1 from projects p where p.company_id = ${tx.tenant.companyId} and p.id = i.id))::int as project,
      (select count(*) from unnest(${filter.clientIds}::uuid[]) i(id)
        where not exists (select 1 from clients c where c.company_id = ${tx.tenant.companyId} and c.id = i.id))::int as client`);
  const nouns: Record<ReportChoiceField, [string, string]> = {
    person: ["person", "people"],
    team: ["team", "teams"],
    project: ["project", "projects"],
    client: ["client", "clients"],
  };
  const errors: Partial<Record<ReportChoiceField, string[]>> = {};
  for (const field of Object.keys(nouns) as ReportChoiceField[]) {
    const count = missing![field];
    if (count === 0) continue;
    const [one, many] = nouns[field];
    errors[field] = [
      count === 1
        ? `A chosen ${one} isn't in this company (deleted, or a link from elsewhere): choose ${many} from the list`
        : `${count} chosen ${many} aren't in this company (deleted, or a link from elsewhere): choose ${many} from the list`,
    ];
  }
  return errors;
}

// ------------------------------------------------------- one row per entry (detailed)

export interface ReportEntry {
  id: string;
  /** The label of the entry's group (its person, project, client, task or week), as the summary names it. */
  group: string;
  date: Day;
  userId: string;
  person: string;
  email: string;
  clientId: string | null;
  client: string | null;
  projectId: string;
  project: string;
  projectCode: string | null;
  taskId: string | null;
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

/** Every matching entry, in the grouping's order and then by day: one query for the page and the files. */
function entriesQuery(tx: TenantTransaction, filter: ReportFilter, people: string[] | null): SqlFragment {
  const group = groupingOf(tx, filter.groupBy);
  return sql`
    select e.id, ${group.label} as "group", e.work_date as date, e.user_id as "userId", ${personLabel} as person, u.email,
           cl.id as "clientId", cl.name as client, p.id as "projectId", p.name as project, p.code as "projectCode",
           t.id as "taskId", t.name as task, e.notes,
           round(e.minutes / 60.0, 2)::text as hours, e.minutes, e.billable, ts.status,
           e.rate_minor as "rateMinor", round(e.rate_minor * e.minutes / 60.0)::bigint as "amountMinor", e.currency
      from time_entries e ${labelJoins} ${sheetJoin} ${taskJoin}
     where ${conditions(tx, filter, people)}
     order by ${group.order}, e.work_date, e.id`;
}

export const detailedPageSize = 100;

/** One page of the detailed report (pages count from 1); the summary's totals say how many there are. */
export async function listReportEntries(tx: TenantTransaction, filter: ReportFilter, page: number, pageSize = detailedPageSize): Promise<ReportEntry[]> {
  return tx.query<ReportEntry>(sql`${entriesQuery(tx, filter, await visiblePeople(tx))} limit ${pageSize} offset ${(page - 1) * pageSize}`);
}

/** Every matching entry at once, for files built in memory (XLSX, PDF): callers bound the count first. */
export async function allReportEntries(tx: TenantTransaction, filter: ReportFilter): Promise<ReportEntry[]> {
  return tx.query<ReportEntry>(entriesQuery(tx, filter, await visiblePeople(tx)));
}

export const defaultEntryBatchSize = 2_000;

/**
 * Every matching entry, in the detailed report's order, in batches: for a download
 * that must not hold the whole range in memory. Call within one transaction and
 * drain or drop the iterator before it ends.
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
  await tx.query(sql`declare time_report_entries no scroll cursor for ${entriesQuery(tx, filter, await visiblePeople(tx))}`);
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
 * every currency (see app/kernel/catalog/project-fields.ts), so the file reads as the rates were typed.
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
