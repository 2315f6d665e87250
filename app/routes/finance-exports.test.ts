import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext } from "../../db/tenant";
import { createCompany } from "../../db/testing/fixtures";
import { approvedTime, createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient, createEntry, createProject, createTask, setTimesheetStatus } from "../../db/testing/time-fixtures";
import { createAuditExportProcessor } from "../../jobs/processors/audit-export";
import { configuredFileStorage } from "../../jobs/storage/configured";
import { testLogger } from "../../jobs/testing/helpers";
import { listAuditExports, requestAuditExport, requestFinanceExport } from "~/kernel/files/exports.server";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { bodyOf, parseCsv } from "~/testing/csv";
import { readXlsx } from "~/testing/xlsx";
import { createCreditNote, issueInvoice } from "~/invoices/issuing.server";
import { financeCsvChunks } from "~/invoices/finance-exports.server";
import { addInvoiceLine, createDraftInvoice } from "~/invoices/invoices.server";
import { minorToDecimal } from "~/reports/time-report.server";
import { loader as downloadLoader } from "./c.$company.finance.exports.download";
import { action as pageAction, loader as pageLoader } from "./c.$company.finance.exports._index";
import { loader as fileLoader } from "./c.$company.finance.exports.$exportId.download";

/**
 * The finance downloads, read back and compared with the database rows they come
 * from, formatted here independently of the model: CSV (streamed) and XLSX.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
/** The same app with a job threshold of 2 rows, so this period's exports are "large". */
let jobContext: AppLoadContext;
let dataDir: string;
let companyId: string;
let slug: string;
let tokens: Record<"owner" | "admin" | "finance" | "manager" | "employee", string>;
let people: Record<"owner" | "admin" | "finance" | "manager" | "employee", TenantContext>;
const period = { from: "2026-03-01", to: "2026-03-31" };

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "hourbook-finance-exports-"));
  app = await createTestApp(db, { DATA_DIR: dataDir });
  context = app.context();
  const jobApp = await createTestApp(db, { DATA_DIR: dataDir, FINANCE_EXPORT_JOB_ROWS: "2" });
  jobContext = jobApp.context();
  // The job suite runs the export job's steps itself; the apps' own runners (embedded
  // mode) would pick the export up from the outbox and race it. Routes keep working.
  await jobApp.close();
  await app.close();
  companyId = await createCompany(db, "Ledger Co");
  [{ slug }] = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`)) as [{ slug: string }];
  ({ people, tokens } = await createSignedInMembers(db, context, companyId, {
    owner: "owner",
    admin: "admin",
    finance: "finance",
    manager: "manager",
    employee: "employee",
  }));
  await setInvoiceSettings(db, companyId, { taxRateBp: 1900 });
  // Names a spreadsheet would run as formulas, with quotes and commas to escape.
  const clientId = await createClient(db, companyId, { name: '=HYPERLINK("x"), Ltd' });
  const projectId = await createProject(db, companyId, { name: "Build, phase 1", clientId, hourlyRateMinor: 9_999 });
  const taskId = await createTask(db, companyId, projectId, { name: "+Design" });
  const internal = await createProject(db, companyId, { name: "-Internal", billable: false });
  const employee = people.employee.userId;
  await approvedTime(db, [
    { companyId, userId: employee, projectId, day: "2026-03-02", minutes: 20 },
    { companyId, userId: employee, projectId, taskId, day: "2026-03-03", minutes: 25 },
    { companyId, userId: employee, projectId: internal, day: "2026-03-04", minutes: 60, billable: false },
    { companyId, userId: employee, projectId, day: "2026-03-18", minutes: 45 },
    { companyId, userId: employee, projectId, day: "2026-04-01", minutes: 30 },
  ]);
  // Submitted, not approved: not in the approved-time file.
  const submitted = await createEntry(db, { companyId, userId: employee, projectId, day: "2026-03-25", minutes: 90 });
  await setTimesheetStatus(db, submitted.timesheetId, "submitted");

  await context.withTenant(people.finance, async (tx) => {
    const draft = await createDraftInvoice(tx, { clientId, from: "2026-03-01", to: "2026-03-08", groupBy: "project-task" });
    if (!draft?.ok) throw new Error(JSON.stringify(draft));
    await addInvoiceLine(tx, draft.id, "discount", { description: "@Loyalty", unitPriceMinor: 333 });
    const issued = await issueInvoice(tx, draft.id, { issuedOn: "2026-03-31" });
    if (!issued?.ok) throw new Error(JSON.stringify(issued));
    const credit = await createCreditNote(tx, draft.id, undefined, { issuedOn: "2026-03-31" });
    if (!credit?.ok) throw new Error(JSON.stringify(credit));
  });
  const before = await createManualDraft(db, companyId, clientId);
  await context.withTenant(people.finance, (tx) => issueInvoice(tx, before, { issuedOn: "2026-02-10" }));
  await createManualDraft(db, companyId, clientId);

  // Another company's invoice and approved time in the same period: never in these files.
  const other = await createCompany(db, "Elsewhere Co");
  await setInvoiceSettings(db, other);
  const otherClient = await createClient(db, other, { name: "Elsewhere client" });
  const otherDraft = await createManualDraft(db, other, otherClient);
  await db.query(sql`update invoices set status = 'issued', issued_on = '2026-03-10', subtotal_minor = 10000, tax_minor = 0, total_minor = 10000
                      where id = ${otherDraft}`);
  const [otherOwner] = await db.query<{ userId: string }>(sql`
    with u as (insert into users (email, name) values ('elsewhere@example.test', 'Elsewhere person') returning id)
    insert into memberships (company_id, user_id, role) select ${other}, id, 'owner' from u returning user_id as "userId"`);
  await approvedTime(db, [
    { companyId: other, userId: otherOwner!.userId, projectId: await createProject(db, other, { clientId: otherClient }), day: "2026-03-05", minutes: 60 },
  ]);
});

afterAll(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function download(token: string, query: Record<string, string>, company = slug, via = context) {
  const request = await requestAs(via, token, `/c/${company}/finance/exports/download?${new URLSearchParams(query)}`);
  try {
    return await downloadLoader({ request, params: { company }, context: via });
  } catch (thrown) {
    return thrown;
  }
}

// ------------------------------------------------------- the rows, independently

type Kind = "invoices" | "invoice-lines" | "time";
type Field = { type: "text" | "money" | "plain" | "date"; value: string | number | null };

// Rows come back loosely typed; null and undefined both mean an empty field.
const field = (type: Field["type"], value: unknown): Field => ({ type, value: (value ?? null) as string | number | null });
const text = (value: unknown) => field("text", value);
const money = (value: unknown) => field("money", value === null || value === undefined ? null : Number(value));
const plain = (value: unknown) => field("plain", value);
const date = (value: unknown) => field("date", value);

async function databaseRows(kind: Kind): Promise<Field[][]> {
  if (kind === "invoices") {
    const rows = await db.query<Record<string, string | number | null>>(sql`
      select i.number, i.kind, i.status, i.issued_on::text, i.due_on::text, i.paid_on::text, i.buyer, c.number as corrects,
             i.period_from::text, i.period_to::text, i.currency, i.subtotal_minor, i.tax_minor, i.total_minor
        from invoices i left join invoices c on c.id = i.corrects_id
       where i.company_id = ${companyId} and i.status <> 'draft' and i.issued_on between ${period.from} and ${period.to}
       order by i.issued_on, i.number_series, i.number_seq`);
    return rows.map((r) => {
      const buyer = r.buyer as unknown as { name: string; tax_id: string | null };
      return [
        plain(r.number), plain(r.kind === "credit_note" ? "credit note" : "invoice"), plain(r.status), date(r.issued_on), date(r.due_on),
        date(r.paid_on), text(buyer.name), text(buyer.tax_id), plain(r.corrects), date(r.period_from), date(r.period_to), plain(r.currency),
        money(r.subtotal_minor), money(r.tax_minor), money(r.total_minor),
      ];
    });
  }
  if (kind === "invoice-lines") {
    const rows = await db.query<Record<string, string | number | null>>(sql`
      select i.number, i.issued_on::text, i.status, i.buyer ->> 'name' as client, l.position, l.kind, l.description, p.name as project,
             t.name as task, u.name as person, l.quantity, i.currency, l.unit_price_minor, l.amount_minor, l.tax_rate_bp, l.tax_minor
        from invoice_lines l join invoices i on i.id = l.invoice_id
        left join projects p on p.id = l.project_id left join tasks t on t.id = l.task_id left join users u on u.id = l.user_id
       where i.company_id = ${companyId} and i.status <> 'draft' and i.issued_on between ${period.from} and ${period.to}
       order by i.issued_on, i.number_series, i.number_seq, l.position, l.id`);
    return rows.map((r) => {
      const minutes = Number(r.quantity);
      const time = r.kind === "time";
      return [
        plain(r.number), date(r.issued_on), plain(r.status), text(r.client as string), plain(Number(r.position) + 1), plain(r.kind),
        text(r.description as string), text(r.project as string | null), text(r.task as string | null), text(r.person as string | null),
        plain(time ? hundredths(Math.round((minutes * 100) / 60)) : String(minutes)), plain(time ? "hours" : "units"),
        plain(time ? minutes : null), plain(r.currency), money(r.unit_price_minor), money(r.amount_minor),
        plain(hundredths(Number(r.tax_rate_bp))), money(r.tax_minor),
      ];
    });
  }
  const rows = await db.query<Record<string, string | number | boolean | null>>(sql`
    select e.work_date::text, u.name, u.email, cl.name as client, p.name as project, p.code, t.name as task, e.minutes, e.billable,
           e.currency, e.rate_minor,
           (select i.number from invoice_entries ie join invoices i on i.id = ie.invoice_id
             where ie.entry_id = e.id and i.status in ('issued', 'paid')) as invoice
      from time_entries e join users u on u.id = e.user_id join projects p on p.id = e.project_id
      left join clients cl on cl.id = p.client_id left join tasks t on t.id = e.task_id join timesheets ts on ts.id = e.timesheet_id
     where e.company_id = ${companyId} and ts.status = 'approved' and e.work_date between ${period.from} and ${period.to}
     order by e.work_date, e.id`);
  return rows.map((r) => {
    const minutes = Number(r.minutes);
    const rate = r.rate_minor === null ? null : Number(r.rate_minor);
    return [
      date(r.work_date as string), text(r.name as string), text(r.email as string), text(r.client as string | null),
      text(r.project as string), text(r.code as string | null), text(r.task as string | null),
      plain(hundredths(Math.round((minutes * 100) / 60))), plain(minutes), plain(r.billable ? "yes" : "no"), plain(r.currency as string | null),
      money(rate), money(rate === null ? null : Math.round((rate * minutes) / 60)), plain(r.invoice as string | null),
    ];
  });
}

/** 150 → "1.50": the two-place decimals the files hold for hours and tax rates. */
const hundredths = (value: number) => minorToDecimal(value);

function csvField(field: Field): string {
  if (field.value === null) return "";
  if (field.type === "money") return minorToDecimal(field.value as number);
  if (field.type === "text") return /^[=+\-@\t\r]/.test(String(field.value)) ? `'${field.value}` : String(field.value);
  return String(field.value);
}

// ------------------------------------------------------- XLSX, read back

/** A date as Excel's day number (days since 1899-12-30). */
const excelDay = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000 + 25_569;

function xlsxCell(field: Field): string | number | null | undefined {
  if (field.value === null) return undefined;
  if (field.type === "money") return (field.value as number) / 100;
  if (field.type === "date") return excelDay(field.value as string);
  if (typeof field.value === "number") return field.value;
  // Hours, quantities and tax rates are numbers in the sheet.
  return field.type === "plain" && /^-?\d+(\.\d\d)?$/.test(field.value) ? Number(field.value) : field.value;
}

/** The status, with the body read: an unread streamed body would hold its transaction (PGlite has one). */
async function statusRead(outcome: unknown) {
  if (outcome instanceof Response) await outcome.arrayBuffer();
  return statusOf(outcome);
}

describe("finance exports", () => {
  it.each(["invoices", "invoice-lines", "time"] as const)("%s: the CSV is the database's rows, exactly", async (kind) => {
    const response = (await download(tokens.finance, { kind, ...period, format: "csv" })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(new RegExp(`^attachment; filename=".+-2026-03-01-to-2026-03-31\\.csv"$`));
    const body = await bodyOf(response);
    expect(body.startsWith("\uFEFF")).toBe(true);
    const [, ...rows] = parseCsv(body.slice(1));
    const expected = (await databaseRows(kind)).map((row) => row.map(csvField));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(rows).toEqual(expected);
  });

  it("escapes formulas, quotes text and keeps a credit note's negative money a number", async () => {
    const lines = await bodyOf((await download(tokens.finance, { kind: "invoices", ...period, format: "csv" })) as Response);
    expect(lines).toContain(`"'=HYPERLINK(""x""), Ltd"`);
    expect(lines).toMatch(/,credit note,issued,.*,-\d+\.\d\d,-\d+\.\d\d,-\d+\.\d\d\n/);
    const time = await bodyOf((await download(tokens.finance, { kind: "time", ...period, format: "csv" })) as Response);
    expect(time.split("\n")[0]).toBe("\uFEFFDate,Person,Email,Client,Project,Project code,Task,Hours,Minutes,Billable,Currency,Rate,Amount,Invoice");
    // 25 minutes at 99.99 an hour: 41.6625, rounded half away from zero to 41.66.
    expect(time).toContain(`2026-03-03,"employee person",`);
    expect(time).toMatch(/"'\+Design",0\.42,25,yes,EUR,99\.99,41\.66,INV-2026-\d{4}\n/);
  });

  it.each(["invoices", "invoice-lines", "time"] as const)("%s: the XLSX opens and holds the same rows", async (kind) => {
    const response = (await download(tokens.admin, { kind, ...period, format: "xlsx" })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const [header, ...rows] = readXlsx(new Uint8Array(await response.arrayBuffer()));
    const csvHeader = parseCsv((await bodyOf((await download(tokens.finance, { kind, ...period, format: "csv" })) as Response)).slice(1))[0];
    expect(header).toEqual(csvHeader);
    const expected = (await databaseRows(kind)).map((row) => row.map(xlsxCell));
    expect(rows.map((row) => Array.from({ length: expected[0]!.length }, (_, i) => row[i] ?? undefined))).toEqual(expected);
  });

  it("is for owners, admins and finance: managers and employees get 403", async () => {
    for (const role of ["owner", "admin", "finance"] as const) {
      expect(await statusRead(await download(tokens[role], { kind: "time", ...period, format: "csv" }))).toBe(200);
    }
    for (const role of ["manager", "employee"] as const) {
      expect(statusOf(await download(tokens[role], { kind: "time", ...period, format: "csv" }))).toBe(403);
      const request = await requestAs(context, tokens[role], `/c/${slug}/finance/exports`);
      expect(await pageLoader({ request, params: { company: slug }, context }).catch(statusOf)).toBe(403);
    }
  });

  it("answers 404 for another company's slug", async () => {
    const [other] = await db.query<{ slug: string }>(sql`select slug from companies where name = 'Elsewhere Co'`);
    expect(statusOf(await download(tokens.finance, { kind: "time", ...period, format: "csv" }, other!.slug))).toBe(404);
  });

  it("refuses a malformed period with the problem in words", async () => {
    const response = (await download(tokens.finance, { kind: "time", from: "2026-03-31", to: "2026-03-01", format: "csv" })) as Response;
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("to: The last day can't be before the first");
    expect(statusOf(await download(tokens.finance, { kind: "payroll", ...period, format: "csv" }))).toBe(400);
  });

  it("an empty period is a header alone", async () => {
    const body = await bodyOf((await download(tokens.finance, { kind: "invoices", from: "2025-01-01", to: "2025-01-31", format: "csv" })) as Response);
    expect(body).toBe("\uFEFFNumber,Kind,Status,Issued,Due,Paid,Client,Client tax id,Corrects,Period from,Period to,Currency,Subtotal,Tax,Total\n");
  });
});

describe("the streamed CSV, batch by batch", () => {
  const read = (options: { batchSize?: number; rows?: number } = {}) =>
    context.withTenant(people.finance, async (tx) => {
      const chunks: string[] = [];
      for await (const chunk of financeCsvChunks(tx, "time", period, options)) chunks.push(chunk);
      return chunks;
    });

  it("is the same file fetched two rows at a time, each fetch sent while the last batch is handed on", async () => {
    const [whole, inPairs] = [await read(), await read({ batchSize: 2 })];
    expect(inPairs.length).toBeGreaterThan(2);
    expect(inPairs.join("")).toBe(whole.join(""));
  });

  it("is the same file when counted large enough to be joined by hashing", async () => {
    expect((await read({ rows: 1_000_000 })).join("")).toBe((await read()).join(""));
  });

  it("lets a reader that stops after one batch (a cancelled download) end with the transaction still usable", async () => {
    const after = await context.withTenant(people.finance, async (tx) => {
      const chunks = financeCsvChunks(tx, "time", period, { batchSize: 1 });
      await chunks.next();
      await chunks.next();
      await chunks.return(undefined);
      return tx.query<{ one: number }>(sql`select 1 as one`);
    });
    expect(after).toEqual([{ one: 1 }]);
  });
});

describe("a finance export over FINANCE_EXPORT_JOB_ROWS", () => {
  it("goes to the job path: offered on the page, written by the export job, announced, downloadable, and the same file", async () => {
    const query = { kind: "time", ...period, format: "csv" };
    const redirected = (await download(tokens.finance, query, slug, jobContext)) as Response;
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("Location")).toBe(`/c/${slug}/finance/exports?${new URLSearchParams({ ...query, rows: "4" })}`);
    const page = await pageLoader({ request: await requestAs(jobContext, tokens.finance, redirected.headers.get("Location")!), params: { company: slug }, context: jobContext });
    expect(page.tooLarge).toMatchObject({ kind: "time", rows: 4 });

    const post = await requestAs(jobContext, tokens.finance, `/c/${slug}/finance/exports`, {
      method: "POST",
      body: new URLSearchParams({ intent: "prepare", kind: "time", ...period }),
    });
    expect(statusOf(await pageAction({ request: post, params: { company: slug }, context: jobContext }))).toBe(302);
    const [queued] = await db.query<{ id: string }>(sql`
      select id from audit_exports where company_id = ${companyId} and kind = 'time' order by created_at desc limit 1`);
    const exportId = queued!.id;

    const files = configuredFileStorage({ DATA_DIR: dataDir });
    const processor = createAuditExportProcessor({ db, logger: testLogger, files, ttlDays: 7, batchSize: 2 });
    await processor({
      id: `job-${exportId}`, name: "audit-export", queue: "exports", data: { exportId, companyId }, attempt: 1, maxAttempts: 5,
    });
    const [row] = await db.query<{ status: string; rowsWritten: number; rowsTotal: number }>(sql`
      select status, rows_written::int as "rowsWritten", rows_total::int as "rowsTotal" from audit_exports where id = ${exportId}`);
    expect(row).toEqual({ status: "done", rowsWritten: 4, rowsTotal: 4 });
    const [notice] = await db.query<{ title: string; link: string }>(sql`
      select title, link from notifications where company_id = ${companyId} and user_id = ${people.finance.userId} and kind = 'export-ready'`);
    expect(notice).toEqual({
      title: "Export ready: Approved time 2026-03-01 to 2026-03-31 (CSV)",
      link: `/c/${slug}/finance/exports/${exportId}/download`,
    });
    const [email] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from outbox
       where payload->>'template' = 'export-ready' and payload->'props' @> ${{ exportId, exportArea: "finance" }}::jsonb`);
    expect(email!.count).toBe(1);

    const getFile = async (token: string) => {
      const request = await requestAs(jobContext, token, `/c/${slug}/finance/exports/${exportId}/download`);
      return fileLoader({ request, params: { company: slug, exportId }, context: jobContext }).catch((thrown: unknown) => thrown);
    };
    const file = (await getFile(tokens.finance)) as Response;
    expect(file.status).toBe(200);
    const streamed = await bodyOf((await download(tokens.finance, query)) as Response);
    expect(await bodyOf(file)).toBe(streamed);
    expect(parseCsv(streamed.slice(1))).toHaveLength(5);
    expect(statusOf(await getFile(tokens.manager))).toBe(403);
    expect(statusOf(await getFile(tokens.employee))).toBe(403);

    // The audit log's page doesn't list it, and its download doesn't serve it.
    expect(await context.withTenant(people.owner, (tx) => listAuditExports(tx))).toEqual([]);
    const listed = await context.withTenant(people.finance, (tx) => listAuditExports(tx, 20, "finance"));
    expect(listed.map((entry) => [entry.id, entry.kind])).toEqual([[exportId, "time"]]);
  });

  it("a failed one is retried from the page; an audit log export isn't found there", async () => {
    const exportId = await context.withTenant(people.finance, (tx) => requestFinanceExport(tx, { kind: "invoices", fromDate: period.from, toDate: period.to }));
    const auditId = await context.withTenant(people.admin, (tx) => requestAuditExport(tx, { fromDate: period.from, toDate: period.to, format: "csv" }));
    await db.query(sql`update audit_exports set status = 'failed', error = 'disk full' where id in (${exportId}, ${auditId})`);
    const retry = async (id: string) => {
      const request = await requestAs(jobContext, tokens.admin, `/c/${slug}/finance/exports`, {
        method: "POST",
        body: new URLSearchParams({ intent: "retry", exportId: id }),
      });
      return statusOf(await pageAction({ request, params: { company: slug }, context: jobContext }).catch((thrown: unknown) => thrown));
    };
    expect(await retry(auditId)).toBe(404);
    expect(await retry(exportId)).toBe(302);
    const statuses = await db.query<{ id: string; status: string }>(sql`
      select id, status from audit_exports where id in (${exportId}, ${auditId}) order by status`);
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [exportId]: "queued", [auditId]: "failed" });
  });
});
