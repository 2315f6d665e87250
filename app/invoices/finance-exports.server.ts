import type { Writable } from "node:stream";
import type { XlsxCell } from "~/kernel/documents/spreadsheet";
import { identifier, join, sql, SqlFragment } from "../../db/sql";
import { writeChunk } from "../../jobs/audit-export/write-rows";
import type { Queryable } from "../../db/types";
import type { TenantTransaction } from "../../db/tenant";
import type { Day } from "~/kernel/clock/weeks";
import type { FinanceExportKind } from "~/kernel/files/exports.server";

/**
 * The files finance downloads for a period: the invoice list, the invoices' lines,
 * and approved time one row per entry. Each is one query whose rows Postgres also
 * formats as CSV lines, so the download only moves text (decision 010 measured the
 * audit export that way at three times csv-stringify's rate), and the same lines
 * come out whether the file is streamed from a cursor (the request) or written in
 * keyset batches (the export job): one definition per file, two ways to page it.
 *
 * Nothing here checks the role: RLS shows invoices only to owners, admins and
 * finance (app_can('invoice:view')), and the routes answer 403 before anyone else
 * gets this far.
 */

export interface FinancePeriod {
  from: Day;
  /** Inclusive. */
  to: Day;
}

/** What a CSV field and an XLSX cell are made of. */
type ColumnType = "text" | "code" | "date" | "money" | "decimal" | "integer";

interface Column {
  /** The output column of the kind's query. */
  name: string;
  header: string;
  type: ColumnType;
}

interface ExportDefinition {
  title: string;
  filename: string;
  columns: Column[];
  /**
   * The ordering, a unique key: the cursor sorts by it, the job's keyset pages on it
   * (each with its SQL type, to compare the text a batch's last key came back as).
   */
  keys: { name: string; type: SqlFragment }[];
  /** Every row of the period, with the columns and keys named as above. */
  rows: (companyId: string, period: FinancePeriod) => SqlFragment;
}

// An invoice's figures for the period: anything issued in it, voided ones included,
// so the numbers in the file have no gaps finance must explain. Drafts have no
// number yet and are left out.
const issuedInPeriod = (companyId: string, period: FinancePeriod) => sql`
  i.company_id = ${companyId} and i.status <> 'draft' and i.issued_on between ${period.from}::date and ${period.to}::date`;

// Invoices in the order of their numbers within each day's series.
const issuedKey = { name: "k_issued_on", type: sql`date` };
const seriesKey = { name: "k_series", type: sql`text` };
const seqKey = { name: "k_seq", type: sql`integer` };

const definitions: Record<FinanceExportKind, ExportDefinition> = {
  invoices: {
    title: "Invoices",
    filename: "invoices",
    columns: [
      { name: "number", header: "Number", type: "code" },
      { name: "kind", header: "Kind", type: "code" },
      { name: "status", header: "Status", type: "code" },
      { name: "issued_on", header: "Issued", type: "date" },
      { name: "due_on", header: "Due", type: "date" },
      { name: "paid_on", header: "Paid", type: "date" },
      { name: "client", header: "Client", type: "text" },
      { name: "client_tax_id", header: "Client tax id", type: "text" },
      { name: "corrects", header: "Corrects", type: "code" },
      { name: "period_from", header: "Period from", type: "date" },
      { name: "period_to", header: "Period to", type: "date" },
      { name: "currency", header: "Currency", type: "code" },
      { name: "subtotal", header: "Subtotal", type: "money" },
      { name: "tax", header: "Tax", type: "money" },
      { name: "total", header: "Total", type: "money" },
    ],
    keys: [issuedKey, seriesKey, seqKey],
    rows: (companyId, period) => sql`
      select i.number, case i.kind when 'credit_note' then 'credit note' else 'invoice' end as kind, i.status,
             i.issued_on, i.due_on, i.paid_on, i.buyer ->> 'name' as client, i.buyer ->> 'tax_id' as client_tax_id,
             corrected.number as corrects, i.period_from, i.period_to, i.currency,
             i.subtotal_minor as subtotal, i.tax_minor as tax, i.total_minor as total,
             i.issued_on as k_issued_on, i.number_series as k_series, i.number_seq as k_seq
        from invoices i
        left join invoices corrected on corrected.company_id = i.company_id and corrected.id = i.corrects_id
       where ${issuedInPeriod(companyId, period)}`,
  },
  "invoice-lines": {
    title: "Invoice lines",
    filename: "invoice-lines",
    columns: [
      { name: "number", header: "Invoice", type: "code" },
      { name: "issued_on", header: "Issued", type: "date" },
      { name: "status", header: "Status", type: "code" },
      { name: "client", header: "Client", type: "text" },
      { name: "position", header: "Line", type: "integer" },
      { name: "kind", header: "Kind", type: "code" },
      { name: "description", header: "Description", type: "text" },
      { name: "project", header: "Project", type: "text" },
      { name: "task", header: "Task", type: "text" },
      { name: "person", header: "Person", type: "text" },
      { name: "quantity", header: "Quantity", type: "decimal" },
      { name: "unit", header: "Unit", type: "code" },
      { name: "minutes", header: "Minutes", type: "integer" },
      { name: "currency", header: "Currency", type: "code" },
      { name: "unit_price", header: "Unit price", type: "money" },
      { name: "amount", header: "Amount", type: "money" },
      { name: "tax_rate", header: "Tax rate %", type: "decimal" },
      { name: "tax", header: "Tax", type: "money" },
    ],
    keys: [issuedKey, seriesKey, seqKey, { name: "k_position", type: sql`integer` }, { name: "k_id", type: sql`uuid` }],
    // A time line's quantity is minutes; finance reads hours, to two places as the
    // time report shows them, with the exact minutes beside.
    rows: (companyId, period) => sql`
      select i.number, i.issued_on, i.status, i.buyer ->> 'name' as client, l.position + 1 as position, l.kind,
             l.description, p.name as project, t.name as task, coalesce(nullif(btrim(u.name), ''), u.email) as person,
             case l.kind when 'time' then round(l.quantity / 60.0, 2)::text else l.quantity::text end as quantity,
             case l.kind when 'time' then 'hours' else 'units' end as unit,
             case l.kind when 'time' then l.quantity end as minutes, i.currency,
             l.unit_price_minor as unit_price, l.amount_minor as amount, (l.tax_rate_bp / 100.0)::numeric(7, 2)::text as tax_rate,
             l.tax_minor as tax,
             i.issued_on as k_issued_on, i.number_series as k_series, i.number_seq as k_seq, l.position as k_position, l.id as k_id
        from invoices i
        join invoice_lines l on l.company_id = i.company_id and l.invoice_id = i.id
        left join projects p on p.company_id = l.company_id and p.id = l.project_id
        left join tasks t on t.company_id = l.company_id and t.id = l.task_id
        left join users u on u.id = l.user_id
       where ${issuedInPeriod(companyId, period)}`,
  },
  time: {
    title: "Approved time",
    filename: "approved-time",
    columns: [
      { name: "work_date", header: "Date", type: "date" },
      { name: "person", header: "Person", type: "text" },
      { name: "email", header: "Email", type: "text" },
      { name: "client", header: "Client", type: "text" },
      { name: "project", header: "Project", type: "text" },
      { name: "project_code", header: "Project code", type: "text" },
      { name: "task", header: "Task", type: "text" },
      { name: "hours", header: "Hours", type: "decimal" },
      { name: "minutes", header: "Minutes", type: "integer" },
      { name: "billable", header: "Billable", type: "code" },
      { name: "currency", header: "Currency", type: "code" },
      { name: "rate", header: "Rate", type: "money" },
      { name: "amount", header: "Amount", type: "money" },
      { name: "invoice", header: "Invoice", type: "code" },
    ],
    keys: [{ name: "k_work_date", type: sql`date` }, { name: "k_id", type: sql`uuid` }],
    // Amount is the entry's own (rate × hours, half away from zero), for checking; an
    // invoice rounds once per line, so its lines can differ from these sums by a cent
    // or so. Non-billable time has no frozen rate, so no amount. The invoice is the
    // issued or paid one billing the entry (at most one: invoice_entries_billed_key).
    rows: (companyId, period) => sql`
      select e.work_date, coalesce(nullif(btrim(u.name), ''), u.email) as person, u.email, cl.name as client,
             p.name as project, p.code as project_code, t.name as task, round(e.minutes / 60.0, 2)::text as hours,
             e.minutes, case when e.billable then 'yes' else 'no' end as billable, e.currency,
             e.rate_minor as rate, round(e.rate_minor * e.minutes / 60.0)::bigint as amount, billed.number as invoice,
             e.work_date as k_work_date, e.id as k_id
        from time_entries e
        join timesheets ts on ts.company_id = e.company_id and ts.id = e.timesheet_id and ts.status = 'approved'
        join users u on u.id = e.user_id
        join projects p on p.company_id = e.company_id and p.id = e.project_id
        left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
        left join tasks t on t.company_id = e.company_id and t.id = e.task_id
        left join lateral (
          select i.number from invoice_entries ie join invoices i on i.company_id = ie.company_id and i.id = ie.invoice_id
           where ie.company_id = e.company_id and ie.entry_id = e.id and ie.billed
        ) billed on true
       where e.company_id = ${companyId} and e.work_date between ${period.from}::date and ${period.to}::date`,
  },
};

export const financeExportTitle = (kind: FinanceExportKind) => definitions[kind].title;

export function financeExportFilename(kind: FinanceExportKind, period: FinancePeriod, extension: "csv" | "xlsx"): string {
  return `${definitions[kind].filename}-${period.from}-to-${period.to}.${extension}`;
}

// ------------------------------------------------------- CSV, formatted by Postgres

const column = (name: string) => sql`r.${identifier(name)}`;

/**
 * One CSV field. Text is always quoted (cheaper than deciding per field) and, when
 * it starts with =, +, -, @, tab or CR, gets a leading apostrophe, as the time
 * report's csv-stringify escape_formulas does (OWASP's advice: names are typed by
 * anyone, and the file is opened in spreadsheets). Numbers, dates and constrained
 * codes stay bare so a spreadsheet reads them as numbers, and a credit note's
 * "-12.50" stays a number. Money is hundredths (minorToDecimal), exact in numeric.
 */
function csvField({ name, type }: Column): SqlFragment {
  const value = column(name);
  switch (type) {
    // ascii() is the first character's code (=, +, -, @, tab, CR): integer comparisons,
    // cheaper per field than cutting the first character out as text.
    case "text":
      return sql`coalesce('"' || case when ascii(${value}) in (61, 43, 45, 64, 9, 13) then '''' else '' end
                          || replace(${value}, '"', '""') || '"', '')`;
    // Times 0.01 is exact in numeric and has two places: no division, no cast to a scale.
    case "money":
      return sql`coalesce((${value} * 0.01)::text, '')`;
    default:
      return sql`coalesce(${value}::text, '')`;
  }
}

function csvLine(definition: ExportDefinition): SqlFragment {
  return sql`concat_ws(',', ${join(definition.columns.map(csvField), ", ")}) || chr(10)`;
}

/** The header, after a byte order mark: Excel otherwise reads UTF-8 as a legacy code page. */
export function financeCsvHeader(kind: FinanceExportKind): string {
  return `\uFEFF${definitions[kind].columns.map((c) => c.header).join(",")}\n`;
}

const orderBy = (definition: ExportDefinition) => join(definition.keys.map((key) => column(key.name)), ", ");

/** The file's rows, in its order: for the bench, which COPYs exactly these next to the export. */
export function financeExportRowsQuery(companyId: string, kind: FinanceExportKind, period: FinancePeriod): SqlFragment {
  const definition = definitions[kind];
  return sql`select ${join(definition.columns.map((c) => column(c.name)), ", ")}
               from (${definition.rows(companyId, period)}) r order by ${orderBy(definition)}`;
}

/** The file's lines, each one row formatted by Postgres, in the file's order: what the download's cursor reads. */
export function financeCsvLinesQuery(companyId: string, kind: FinanceExportKind, period: FinancePeriod): SqlFragment {
  const definition = definitions[kind];
  return sql`select ${csvLine(definition)} as line from (${definition.rows(companyId, period)}) r order by ${orderBy(definition)}`;
}

export async function countFinanceExportRows(db: Queryable, companyId: string, kind: FinanceExportKind, period: FinancePeriod): Promise<number> {
  const [row] = await db.query<{ count: number }>(sql`
    select count(*)::int as count from (${definitions[kind].rows(companyId, period)}) r`);
  return row?.count ?? 0;
}

export const defaultFinanceBatchSize = 5_000;

/** Above this many rows the download joins by hashing (see financeCsvChunks). */
const hashJoinRows = 20_000;

/**
 * The file as text chunks, for streamInTenant: the header, then one chunk per
 * cursor fetch. A cursor for the reason the time report has one (decision 012): one
 * snapshot for the whole file, at read committed, without re-sorting per page.
 *
 * Each fetch is sent before the previous batch is handed on, so Postgres formats
 * the next lines while this process joins, encodes and sends the last ones rather
 * than each waiting for the other. At most two batches are in memory.
 */
export async function* financeCsvChunks(
  tx: TenantTransaction,
  kind: FinanceExportKind,
  period: FinancePeriod,
  options: { batchSize?: number; rows?: number } = {},
): AsyncGenerator<string, void> {
  const batchSize = options.batchSize ?? defaultFinanceBatchSize;
  // FETCH takes its count as a literal, not a parameter; the check keeps it a plain integer.
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize}`);
  yield financeCsvHeader(kind);
  // The policies' role checks (stable functions, OR-ed) make the planner expect a
  // thousand rows where there are a million, so it joins every entry by index lookups
  // and loops over the projects; hash joins read a large file in under half the CPU
  // (decision 023). The caller has counted the rows; a small file keeps its lookups.
  if ((options.rows ?? 0) > hashJoinRows) await tx.query(sql`set local enable_nestloop = off`);
  await tx.query(sql`declare finance_export_lines no scroll cursor for ${financeCsvLinesQuery(tx.tenant.companyId, kind, period)}`);
  const fetch = new SqlFragment([`fetch forward ${batchSize} from finance_export_lines`], []);
  let next: Promise<{ line: string }[]> | null = tx.query<{ line: string }>(fetch);
  try {
    while (next) {
      const batch: { line: string }[] = await next;
      next = batch.length < batchSize ? null : tx.query<{ line: string }>(fetch);
      if (batch.length > 0) yield batch.map((row) => row.line).join("");
    }
  } finally {
    // A reader that stops early (a cancelled download) leaves a fetch in flight: let it
    // end before the transaction does, and don't let its failure go unhandled.
    await next?.catch(() => undefined);
  }
  await tx.query(sql`close finance_export_lines`);
}

export interface FinanceBatch {
  rows: number;
  text: string;
  /** Where the next batch starts: the keys of this batch's last row, as text. */
  after: string[];
}

/**
 * One keyset batch of the file's lines after `after` (null for the first), formatted
 * and joined by Postgres into one string: for the export job, which reads each batch
 * in its own short transaction (decision 010).
 */
export async function financeCsvBatch(
  db: Queryable,
  companyId: string,
  kind: FinanceExportKind,
  period: FinancePeriod,
  after: string[] | null,
  batchSize = defaultFinanceBatchSize,
): Promise<FinanceBatch | null> {
  const definition = definitions[kind];
  const names = (direction: string) => join(definition.keys.map((key) => sql`${identifier(key.name)}${new SqlFragment([direction], [])}`), ", ");
  const position = after
    ? sql`(${orderBy(definition)}) > (${join(definition.keys.map((key, i) => sql`${after[i] ?? null}::${key.type}`), ", ")})`
    : sql`true`;
  const [batch] = await db.query<{ rows: number; text: string | null; last: string[] | null }>(sql`
    select count(*)::int as rows, string_agg(line, '' order by ${names("")}) as text,
           array[${join(definition.keys.map((key) => sql`(array_agg(${identifier(key.name)}::text order by ${names(" desc")}))[1]`), ", ")}] as last
      from (select ${csvLine(definition)} as line, ${orderBy(definition)}
              from (${definition.rows(companyId, period)}) r
             where ${position}
             order by ${orderBy(definition)}
             limit ${batchSize}) batch`);
  if (!batch?.text || !batch.last) return null;
  return { rows: batch.rows, text: batch.text, after: batch.last };
}

/**
 * The whole file into `output`, batch by batch, for the export job: the same bytes
 * as the download streams. Returns the rows written; `onBatch` reports progress.
 */
export async function writeFinanceRows(
  db: Queryable,
  companyId: string,
  kind: FinanceExportKind,
  period: FinancePeriod,
  output: Writable,
  options: { batchSize?: number; onBatch?: (written: number) => Promise<void> } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? defaultFinanceBatchSize;
  await writeChunk(output, financeCsvHeader(kind));
  let after: string[] | null = null;
  let written = 0;
  for (;;) {
    const batch: FinanceBatch | null = await financeCsvBatch(db, companyId, kind, period, after, batchSize);
    if (!batch) break;
    await writeChunk(output, batch.text);
    written += batch.rows;
    after = batch.after;
    await options.onBatch?.(written);
    if (batch.rows < batchSize) break;
  }
  return written;
}

// ------------------------------------------------------- XLSX, for small files

/**
 * The rows as spreadsheet cells: money and quantities as numbers with two places,
 * dates as dates, text as text. Text isn't formula-escaped here: a string cell is
 * never evaluated, unlike a CSV field.
 */
export async function financeXlsxRows(tx: TenantTransaction, kind: FinanceExportKind, period: FinancePeriod): Promise<XlsxCell[][]> {
  const definition = definitions[kind];
  const select = join(
    definition.columns.map(({ name, type }) =>
      type === "date" ? sql`to_char(${column(name)}, 'YYYY-MM-DD') as ${identifier(name)}` : sql`${column(name)}::text as ${identifier(name)}`,
    ),
    ", ",
  );
  const rows = await tx.query<Record<string, string | null>>(sql`
    select ${select} from (${definition.rows(tx.tenant.companyId, period)}) r order by ${orderBy(definition)}`);
  const cell = (type: ColumnType, value: string | null): XlsxCell => {
    if (value === null) return null;
    switch (type) {
      case "money":
        return { value: Number(value) / 100, type: Number, format: "#,##0.00" };
      case "decimal":
        return { value: Number(value), type: Number, format: "0.00" };
      case "integer":
        return { value: Number(value), type: Number, format: "0" };
      case "date":
        return { value: new Date(`${value}T00:00:00Z`), type: Date, format: "yyyy-mm-dd" };
      default:
        return value;
    }
  };
  return [
    definition.columns.map((c) => c.header),
    ...rows.map((row) => definition.columns.map(({ name, type }) => cell(type, row[name] ?? null))),
  ];
}
