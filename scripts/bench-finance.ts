/**
 * npm run bench:finance: the approved-time CSV export (issue #8) over BENCH_FINANCE_ROWS
 * entries (default 1 M), streamed as its route streams it (one tenant transaction,
 * cursor batches formatted by Postgres), with the process's peak memory, next to
 * Postgres's own COPY (SELECT …) TO STDOUT (FORMAT csv) of the same rows (the same
 * query, run by the owner, so without RLS: the ceiling). On a scratch database on
 * DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
 * created and dropped.
 */
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql, type SqlFragment } from "../db/sql";
import { bindWithTenant } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createScratchDatabase } from "../db/testing/postgres-admin";
import { financeCsvChunks, financeCsvLinesQuery, financeExportRowsQuery } from "../app/invoices/finance-exports.server";
import { streamInTenant } from "../app/routing/tenant-stream.server";

const rowCount = Number(process.env.BENCH_FINANCE_ROWS ?? 1_000_000);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const timeLimitMs = 25 * 60_000;
const people = 200;
const projects = 40;
const period = { from: "2025-01-01", to: "2026-12-31" };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

/** COPY takes no parameters: the bench's own values (uuids and dates) written in as literals. */
function inlined(fragment: SqlFragment): string {
  const { text, params } = fragment.compile();
  return text.replace(/\$(\d+)/g, (_, n: string) => `'${String(params[Number(n) - 1]).replaceAll("'", "''")}'`);
}

/**
 * A million approved entries in about a minute: each table is one INSERT … SELECT over
 * generate_series, in its own transaction, and the tables the entries are joined to
 * are analysed before the entries go in, so the planner hashes the timesheets
 * (21,000) instead of guessing at an empty table and looking one up per entry.
 *
 * Written behind the row triggers (24-hour check, audit, invoice guards), which only
 * ever see one row at a time: this measures reading. Indexes, constraints and RLS
 * stay as the product has them, so the export reads what production would.
 */
async function seed(db: ReturnType<typeof openPostgres>, companyId: string) {
  const step = async (label: string, statement: SqlFragment) => {
    const started = Date.now();
    await db.transaction(async (tx) => {
      await tx.exec("set local session_replication_role = replica");
      await tx.query(statement);
    });
    console.log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await step("people", sql`
    with person as (
      insert into users (email, name) select 'p' || g || '-' || gen_random_uuid() || '@bench.example', 'Person "' || g || '", Bench'
        from generate_series(1, ${people}) g returning id
    )
    insert into memberships (company_id, user_id, role) select ${companyId}::uuid, id, 'employee' from person`);
  await step("clients", sql`
    insert into clients (company_id, name, currency, hourly_rate_minor)
    select ${companyId}::uuid, 'Client ' || g || ', Ltd', 'EUR', 9000 from generate_series(1, 8) g`);
  await step("projects", sql`
    insert into projects (company_id, name, code, client_id, hourly_rate_minor)
    select ${companyId}::uuid, 'Project ' || g, 'P' || g, clients.ids[g % 8 + 1], 9999
      from generate_series(1, ${projects}) g,
           (select array_agg(id order by id) as ids from clients where company_id = ${companyId}) clients`);
  await step("timesheets", sql`
    insert into timesheets (company_id, user_id, week_start, status)
    select ${companyId}::uuid, m.user_id, w.week_start, 'approved'
      from memberships m
     cross join generate_series(week_start_of(${period.from}::date, 1::smallint), ${period.to}::date, interval '7 days') w(week_start)
     where m.company_id = ${companyId}`);
  await db.query(sql`analyze users, memberships, clients, projects, timesheets`);
  // Entry g: person g mod people, project g mod projects, the day g / people into the two years.
  await step("entries", sql`
    insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable, notes,
                              rate_minor, currency, frozen_at)
    select ${companyId}::uuid, ts.user_id, ts.id, project.ids[g % ${projects} + 1], e.day, 15 + (g % 120), g % 4 > 0, 'Note ' || g,
           case when g % 4 > 0 then 9999 end, case when g % 4 > 0 then 'EUR' end, now()
      from (select array_agg(user_id order by user_id) as ids from memberships where company_id = ${companyId}) person
     cross join (select array_agg(id order by id) as ids from projects where company_id = ${companyId}) project
     cross join generate_series(0, ${rowCount - 1}) g
     cross join lateral (select ${period.from}::date + (g / ${people}) % 730 as day) e
      join timesheets ts on ts.company_id = ${companyId} and ts.user_id = person.ids[g % ${people} + 1]
                        and ts.week_start = week_start_of(e.day, 1::smallint)`);
  // A tenth of the billable time on issued invoices, so the invoice-number lookup has work to do.
  await step("invoices", sql`
    insert into invoices (company_id, id, client_id, status, currency, period_from, period_to, number, number_series, number_seq,
                          issued_on, due_on, seller, buyer, subtotal_minor, tax_minor, total_minor)
    select ${companyId}::uuid, gen_random_uuid(), c.id, 'issued', 'EUR', '2025-01-01', '2025-01-31', 'INV-' || n, 'all', n,
           '2025-02-01', '2025-03-01', '{}'::jsonb, '{}'::jsonb, 0, 0, 0
      from (select id, row_number() over (order by id) as n from clients where company_id = ${companyId}) c`);
  await step("invoice lines", sql`
    insert into invoice_lines (company_id, id, invoice_id, position, kind, description, quantity, unit_price_minor, amount_minor,
                               tax_rate_bp, tax_minor)
    select company_id, gen_random_uuid(), id, 0, 'manual', 'Bench', 1, 0, 0, 0, 0 from invoices where company_id = ${companyId}`);
  await db.query(sql`analyze time_entries, invoices, invoice_lines`);
  await step("billed entries", sql`
    insert into invoice_entries (company_id, invoice_id, line_id, entry_id, billed)
    select e.company_id, i.id, l.id, e.id, true
      from time_entries e
      join projects p on p.company_id = e.company_id and p.id = e.project_id
      join invoices i on i.company_id = e.company_id and i.client_id = p.client_id
      join invoice_lines l on l.company_id = i.company_id and l.invoice_id = i.id
     where e.company_id = ${companyId} and e.billable and (hashtext(e.id::text) % 10) = 0`);
  await db.query(sql`analyze`);
}

async function main() {
  const timer = setTimeout(() => {
    console.error(`bench:finance gave up after ${timeLimitMs / 1000} s`);
    process.exit(1);
  }, timeLimitMs);
  timer.unref();
  const scratch = await createScratchDatabase(serverUrl);
  const db = openPostgres({ url: scratch.url, poolMax: 2, connectTimeoutSeconds: 5 });
  try {
    await migrate(db);
    const companyId = await createCompany(db, "Bench Co");
    const finance = await createMember(db, companyId, "finance");
    const seedStart = Date.now();
    await seed(db, companyId);
    const [count] = await db.query<{ n: number }>(sql`select count(*)::int as n from time_entries`);
    console.log(`seeded ${count!.n.toLocaleString("en-US")} approved entries in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    // Postgres's own COPY of the same query, to a discarding sink, as the ceiling.
    const raw = postgres(scratch.url, { max: 1 });
    const copyStart = Date.now();
    const copy = await raw.unsafe(`copy (${inlined(financeExportRowsQuery(companyId, "time", period))}) to stdout (format csv)`).readable();
    let copyLines = 0;
    await pipeline(copy, new Writable({ write: (chunk: Buffer, _enc, done) => ((copyLines += countLines(chunk)), done()) }));
    const copyMs = Date.now() - copyStart;
    await raw.end();

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const start = Date.now();
    const body = await streamInTenant(bindWithTenant(db), finance, (tx) => financeCsvChunks(tx, "time", period, { rows: count!.n }), {
      signal: new AbortController().signal,
      onError: (error) => console.error(error),
    });
    let bytes = 0;
    let lines = 0;
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      bytes += read.value.byteLength;
      lines += countLines(read.value);
    }
    const ms = Date.now() - start;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rows = lines - 1;
    if (rows !== count!.n || copyLines !== count!.n) throw new Error(`exported ${rows}, COPY ${copyLines}, of ${count!.n} rows`);

    // Where the export's time goes: Postgres running the download's cursor to the end as finance, nothing sent.
    const serverStart = Date.now();
    await bindWithTenant(db)(finance, async (tx) => {
      await tx.query(sql`set local enable_nestloop = off`); // as financeCsvChunks does for a file this size
      await tx.query(sql`declare bench_lines no scroll cursor for ${financeCsvLinesQuery(companyId, "time", period)}`);
      await tx.query(sql`move forward all in bench_lines`);
    });
    const serverMs = Date.now() - serverStart;

    const ours = rate(rows, ms);
    const theirs = rate(copyLines, copyMs);
    console.log(`COPY (SELECT …) TO STDOUT (FORMAT csv): ${theirs.toLocaleString("en-US")} rows/s (${(copyMs / 1000).toFixed(1)} s)`);
    console.log(`approved-time CSV export (streamed, cursor batches formatted by Postgres): ${ours.toLocaleString("en-US")} rows/s (${(ms / 1000).toFixed(1)} s, ${rows.toLocaleString("en-US")} rows, ${mb(bytes)})`);
    console.log(`  the same cursor run to the end in Postgres (MOVE FORWARD ALL, nothing sent): ${(serverMs / 1000).toFixed(1)} s`);
    console.log(`ratio: ${(ours / theirs).toFixed(2)} of COPY (aim ≥ 0.5)`);
    console.log(`peak memory: RSS ${mb(peakRss)} (before the export ${mb(rssBefore)}; maxRSS of the process ${mb(process.resourceUsage().maxRSS * 1024)}) (aim < 200 MB)`);
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/** Newlines in a chunk, counted natively: the bench's own reading mustn't weigh on either side. */
function countLines(chunk: Uint8Array): number {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let n = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) n++;
  return n;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
