import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "../../db/savepoint";
import { identifier, sql, type SqlFragment } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { approvedTime, createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient, createEntry, createProject, createTask, setTimesheetStatus, timesheetFor } from "../../db/testing/time-fixtures";
import { createCreditNote, issueInvoice, markInvoicePaid, maxIssueDaysAhead, voidInvoice } from "./issuing.server";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import { getInvoiceSettings, saveInvoiceSettings } from "./settings.server";
import {
  addInvoiceLine,
  createDraftInvoice,
  deleteDraftInvoice,
  getInvoice,
  listInvoices,
  removeInvoiceLine,
  setInvoiceNotes,
  type Invoice,
} from "./invoices.server";

let db: TestDatabase;
let companyId: string;
let owner: TenantContext;
let admin: TenantContext;
let finance: TenantContext;
let manager: TenantContext;
let employee: TenantContext;
let otherFinance: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Invoicing Co");
  owner = await createMember(db, companyId, "owner");
  admin = await createMember(db, companyId, "admin");
  finance = await createMember(db, companyId, "finance");
  manager = await createMember(db, companyId, "manager");
  employee = await createMember(db, companyId, "employee");
  await setInvoiceSettings(db, companyId, { taxRateBp: 1_900 });
  const otherCompany = await createCompany(db, "Other Co");
  otherFinance = await createMember(db, otherCompany, "finance");
  await setInvoiceSettings(db, otherCompany);
});
afterAll(() => db.close());

const asFinance = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db, finance, work);

/** A client of its own and a fresh person per test, so no two tests share a week or an invoice. */
async function setting(options: { currency?: string } = {}) {
  const clientId = await createClient(db, companyId, { currency: options.currency ?? "EUR" });
  const person = await createMember(db, companyId, "employee");
  const project = (rate: number | null, name?: string) => createProject(db, companyId, { clientId, hourlyRateMinor: rate, name });
  const log = (projectId: string, day: string, minutes: number, extra: { taskId?: string; billable?: boolean } = {}) => ({
    companyId,
    userId: person.userId,
    projectId,
    day,
    minutes,
    ...extra,
  });
  return { clientId, person, project, log };
}

const march = { from: "2026-03-01", to: "2026-03-31" };

async function draftOf(clientId: string, options: { groupBy?: "project-task" | "person"; projectIds?: string[] } = {}) {
  const result = await asFinance((tx) => createDraftInvoice(tx, { clientId, ...march, groupBy: options.groupBy ?? "project-task", projectIds: options.projectIds }));
  if (!result?.ok) throw new Error(`no draft: ${JSON.stringify(result)}`);
  return result.id;
}

async function issued(invoiceId: string, issuedOn = "2026-04-01") {
  const result = await asFinance((tx) => issueInvoice(tx, invoiceId, { issuedOn }));
  if (!result?.ok) throw new Error(`not issued: ${JSON.stringify(result)}`);
  return result.number;
}

const read = (invoiceId: string) => asFinance((tx) => getInvoice(tx, invoiceId)) as Promise<Invoice>;

/** Run raw SQL as the actor: the rows it reached, or the SQLSTATE the database refused it with. */
async function asActor(actor: TenantContext, query: SqlFragment): Promise<number | string> {
  const result = await withTenant(db, actor, (tx) => attempt(tx, (inner) => inner.query(query)));
  return result.ok ? result.value.length : String((result.error as { code?: string }).code);
}

async function ownerConnection(query: SqlFragment): Promise<number | string> {
  try {
    return (await db.query(query)).length;
  } catch (error) {
    return String((error as { code?: string }).code);
  }
}

const figures = (invoice: Invoice) => ({
  lines: invoice.lines.map((line) => [line.description, line.quantity, line.unitPriceMinor, line.amountMinor, line.taxRateBp, line.taxMinor]),
  subtotal: invoice.subtotalMinor,
  tax: invoice.taxMinor,
  total: invoice.totalMinor,
});

describe("building a draft from approved time", () => {
  it("groups by project and task and by frozen rate, and leaves out unapproved, unbillable and other clients' time", async () => {
    const s = await setting();
    const site = await s.project(10_000, `Site ${Math.random()}`);
    const design = await createTask(db, companyId, site, { name: "Design" });
    await approvedTime(db, [
      s.log(site, "2026-03-02", 20, { taskId: design }),
      s.log(site, "2026-03-03", 20, { taskId: design }),
      s.log(site, "2026-03-04", 60),
      s.log(site, "2026-03-05", 45, { billable: false }),
    ]);
    // A week still in draft, and a neighbour's client, stay out.
    await createEntry(db, s.log(site, "2026-03-10", 120));
    const other = await setting();
    await approvedTime(db, [other.log(await other.project(5_000), "2026-03-02", 60)]);

    const invoice = await read(await draftOf(s.clientId));
    const name = (await db.query<{ name: string }>(sql`select name from projects where id = ${site}`))[0]!.name;
    expect(invoice).toMatchObject({ status: "draft", currency: "EUR", number: null, periodFrom: "2026-03-01", entryCount: 3 });
    expect(figures(invoice)).toEqual({
      lines: [
        [name, 60, 10_000, 10_000, 1_900, 1_900],
        [`${name} · Design`, 40, 10_000, 6_667, 1_900, 1_267],
      ],
      subtotal: 16_667,
      tax: 3_167,
      total: 19_834,
    });
  });

  it("groups by person when asked, and splits a line where the rate changed between approvals", async () => {
    const s = await setting();
    const site = await s.project(6_000);
    await approvedTime(db, [s.log(site, "2026-03-02", 30)]);
    await db.query(sql`update projects set hourly_rate_minor = 9000 where id = ${site}`);
    await approvedTime(db, [s.log(site, "2026-03-09", 30)]);
    const invoice = await read(await draftOf(s.clientId, { groupBy: "person" }));
    const [{ name }] = (await db.query<{ name: string }>(sql`select name from users where id = ${s.person.userId}`)) as [{ name: string }];
    expect(invoice.lines.map((line) => [line.description, line.quantity, line.unitPriceMinor, line.amountMinor, line.userId])).toEqual([
      [name, 30, 6_000, 3_000, s.person.userId],
      [name, 30, 9_000, 4_500, s.person.userId],
    ]);
  });

  it("narrows to chosen projects of the client", async () => {
    const s = await setting();
    const [one, two] = [await s.project(6_000), await s.project(6_000)];
    await approvedTime(db, [s.log(one, "2026-03-02", 60), s.log(two, "2026-03-02", 60)]);
    const invoice = await read(await draftOf(s.clientId, { projectIds: [two] }));
    expect(invoice.lines.map((line) => line.projectId)).toEqual([two]);
    const foreignProject = await (await setting()).project(1);
    const refused = await asFinance((tx) =>
      createDraftInvoice(tx, { clientId: s.clientId, ...march, groupBy: "person", projectIds: [foreignProject] }),
    );
    expect(refused).toEqual({ ok: false, field: "projectIds", message: expect.stringMatching(/^Choose projects of /) });
  });

  it("frees a removed time line's time, and a deleted draft's, for the next draft", async () => {
    const s = await setting();
    const [one, two] = [await s.project(6_000, `One ${Math.random()}`), await s.project(6_000, `Two ${Math.random()}`)];
    await approvedTime(db, [s.log(one, "2026-03-02", 60), s.log(two, "2026-03-02", 30)]);
    const first = await draftOf(s.clientId);
    const [lineOne] = (await read(first)).lines;
    expect(await asFinance((tx) => setInvoiceNotes(tx, first, "  Thank you  "))).toEqual({ ok: true });
    expect(await asFinance((tx) => removeInvoiceLine(tx, first, lineOne!.id))).toEqual({ ok: true });
    expect(await read(first)).toMatchObject({ notes: "Thank you", entryCount: 1, subtotalMinor: 3_000 });
    await issued(first);
    // The removed line's hour is still to invoice; the issued half-hour is not.
    const second = await draftOf(s.clientId);
    expect((await read(second)).lines.map((line) => [line.projectId, line.quantity])).toEqual([[one, 60]]);
    expect(await asFinance((tx) => deleteDraftInvoice(tx, second))).toEqual({ ok: true });
    expect(await asFinance((tx) => getInvoice(tx, second))).toBeNull();
    expect((await read(await draftOf(s.clientId))).lines.map((line) => line.quantity)).toEqual([60]);
  });

  it("says why when there is nothing to invoice, the period is backwards, currencies are mixed or a rate is missing", async () => {
    const s = await setting();
    const site = await s.project(6_000);
    const draft = (from = march.from, to = march.to) => asFinance((tx) => createDraftInvoice(tx, { clientId: s.clientId, from, to, groupBy: "project-task" }));
    expect(await draft()).toEqual({
      ok: false,
      field: "clientId",
      message: expect.stringContaining("has no approved billable time from 2026-03-01 to 2026-03-31"),
    });
    await createEntry(db, s.log(site, "2026-03-02", 60));
    expect(await draft()).toMatchObject({ ok: false, message: expect.stringContaining("no approved billable time") });
    expect(await draft("2026-03-31", "2026-03-01")).toEqual({ ok: false, field: "to", message: "The period ends before it starts" });
    expect(await draft("2026-02-30", "2026-03-01")).toEqual({ ok: false, field: "from", message: "Choose the period's first and last day" });

    const mixed = await setting();
    const mixedProject = await mixed.project(6_000);
    await approvedTime(db, [mixed.log(mixedProject, "2026-03-02", 60)]);
    await db.query(sql`update clients set currency = 'USD' where id = ${mixed.clientId}`);
    await approvedTime(db, [mixed.log(mixedProject, "2026-03-09", 60)]);
    expect(await asFinance((tx) => createDraftInvoice(tx, { clientId: mixed.clientId, ...march, groupBy: "person" }))).toEqual({
      ok: false,
      field: "projectIds",
      message: "This time was approved in several currencies (EUR, USD): invoice a period or projects in one currency at a time",
    });

    const unpriced = await setting();
    await approvedTime(db, [unpriced.log(await unpriced.project(null, `No rate ${Math.random()}`), "2026-03-02", 60)]);
    expect(await asFinance((tx) => createDraftInvoice(tx, { clientId: unpriced.clientId, ...march, groupBy: "person" }))).toMatchObject({
      ok: false,
      message: expect.stringContaining("was approved without an hourly rate"),
    });
    expect(await db.query(sql`select 1 from invoices where client_id = any(${[s.clientId, mixed.clientId, unpriced.clientId]}::uuid[])`)).toEqual([]);
  });
});

describe("money: awkward totals add up to the cent, as computed by hand", () => {
  it("thirds of an hour at 19 %", async () => {
    const s = await setting();
    const [a, b] = [await s.project(10_000, `A ${Math.random()}`), await s.project(10_000, `B ${Math.random()}`)];
    await approvedTime(db, [s.log(a, "2026-03-02", 20), s.log(b, "2026-03-02", 40)]);
    const id = await draftOf(s.clientId);
    await issued(id);
    const invoice = await read(id);
    // 20 min × 100.00/h = 33.333… → 33.33, tax 6.3327 → 6.33; 40 min → 66.67, tax 12.6673 → 12.67.
    expect(invoice.lines.map((line) => [line.amountMinor, line.taxMinor])).toEqual([
      [3_333, 633],
      [6_667, 1_267],
    ]);
    expect([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor]).toEqual([10_000, 1_900, 11_900]);
  });

  it("half-cent roundings go away from zero, per line", async () => {
    const s = await setting();
    const [cheap, cheaper] = [await s.project(10, `C ${Math.random()}`), await s.project(30, `D ${Math.random()}`)];
    await approvedTime(db, [s.log(cheap, "2026-03-02", 3), s.log(cheaper, "2026-03-02", 1)]);
    const id = await draftOf(s.clientId);
    expect(await asFinance((tx) => addInvoiceLine(tx, id, "manual", { description: "Stamp", quantity: 1, unitPriceMinor: 50 }))).toEqual({ ok: true });
    await issued(id);
    const invoice = await read(id);
    // 3 min × 0.10/h = 0.5 ¢ → 1; 1 min × 0.30/h = 0.5 ¢ → 1; each tax 0.19 ¢ → 0; 50 ¢ × 19 % = 9.5 ¢ → 10.
    expect(invoice.lines.map((line) => [line.amountMinor, line.taxMinor])).toEqual([
      [1, 0],
      [1, 0],
      [50, 10],
    ]);
    expect([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor]).toEqual([52, 10, 62]);
  });

  it("several tax rates, a discount, then a full and a partial credit note", async () => {
    const s = await setting();
    await approvedTime(db, [s.log(await s.project(12_345), "2026-03-02", 90)]);
    const id = await draftOf(s.clientId);
    await asFinance(async (tx) => {
      expect(await addInvoiceLine(tx, id, "manual", { description: "Licences", quantity: 3, unitPriceMinor: 1_999, taxRateBp: 700 })).toEqual({ ok: true });
      expect(await addInvoiceLine(tx, id, "discount", { description: "Loyalty", unitPriceMinor: 1_000 })).toEqual({ ok: true });
    });
    const number = await issued(id);
    const invoice = await read(id);
    // 90 min × 123.45/h = 185.175 → 185.18 (18517.5 ¢ → 18518), tax 19 % 3518.42 → 3518;
    // 3 × 19.99 = 59.97 at 7 % = 419.79 → 420; discount −10.00 at 19 % = −190.
    expect(invoice.lines.map((line) => [line.kind, line.amountMinor, line.taxRateBp, line.taxMinor])).toEqual([
      ["time", 18_518, 1_900, 3_518],
      ["manual", 5_997, 700, 420],
      ["discount", -1_000, 1_900, -190],
    ]);
    expect([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor]).toEqual([23_515, 3_748, 27_263]);

    const partial = await asFinance((tx) => createCreditNote(tx, id, [{ description: "Goodwill", unitPriceMinor: 1_000 }], { issuedOn: "2026-04-02" }));
    expect(partial).toMatchObject({ ok: true });
    const note = await read((partial as { id: string }).id);
    expect(note).toMatchObject({ kind: "credit_note", status: "issued", correctsId: id, correctsNumber: number });
    expect([note.subtotalMinor, note.taxMinor, note.totalMinor]).toEqual([-1_000, -190, -1_190]);

    expect(await asFinance((tx) => createCreditNote(tx, id))).toEqual({
      ok: false,
      message: `Invoice ${number} is already partly credited: credit the rest line by line`,
    });
    expect(await asFinance((tx) => createCreditNote(tx, id, [{ description: "Too much", unitPriceMinor: 22_000 }]))).toEqual({
      ok: false,
      message: `Invoice ${number} has €260.73 left to credit; this credit note is for €261.80`,
    });

    const full = await setting();
    await approvedTime(db, [full.log(await full.project(12_345), "2026-03-02", 90)]);
    const fullId = await draftOf(full.clientId);
    await asFinance((tx) => addInvoiceLine(tx, fullId, "discount", { description: "Loyalty", unitPriceMinor: 1_000 }));
    await issued(fullId);
    const credit = await asFinance((tx) => createCreditNote(tx, fullId, undefined, { issuedOn: "2026-04-03" }));
    const fullNote = await read((credit as { id: string }).id);
    const original = await read(fullId);
    // Every figure exactly the opposite of the invoice's: negating before rounding would round the same way.
    expect(fullNote.lines.map((line) => [line.quantity, line.amountMinor, line.taxMinor])).toEqual(
      original.lines.map((line) => [-line.quantity, -line.amountMinor, -line.taxMinor]),
    );
    expect([fullNote.subtotalMinor, fullNote.taxMinor, fullNote.totalMinor]).toEqual([-17_518, -3_328, -20_846]);
  });

  it("is restated by the database: a line rounded any other way, or totals that aren't the lines' sums, are refused", async () => {
    const s = await setting();
    await approvedTime(db, [s.log(await s.project(10_000), "2026-03-02", 20)]);
    const id = await draftOf(s.clientId);
    const line = (amount: number, tax: number) => sql`
      insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor, amount_minor, tax_rate_bp, tax_minor)
      values (${companyId}, ${id}, 5, 'time', 'Thirds', 20, 10000, ${amount}, 1900, ${tax})`;
    // 20 min at 100.00/h is 3333.33… → 3333 with tax 633; rounding up, or taxing before rounding, is refused.
    expect(await asActor(finance, line(3_334, 633))).toBe("23514");
    expect(await asActor(finance, line(3_333, 634))).toBe("23514");
    expect(await ownerConnection(line(3_333, 633))).toBe(0);
    expect(await asActor(finance, sql`update invoices set status = 'issued', subtotal_minor = 6667, tax_minor = 1267, total_minor = 7934 where id = ${id}`)).toBe("23514");
    expect(await asActor(finance, sql`update invoices set status = 'issued', subtotal_minor = 6666, tax_minor = 1266, total_minor = 7933 where id = ${id}`)).toBe("23514");
    expect(await asActor(finance, sql`update invoices set status = 'issued', subtotal_minor = 6666, tax_minor = 1266, total_minor = 7932 where id = ${id} returning number`)).toBe(1);
  });

  it("refuses a discount beyond the subtotal, with a message", async () => {
    const s = await setting();
    await approvedTime(db, [s.log(await s.project(6_000), "2026-03-02", 60)]);
    const id = await draftOf(s.clientId);
    expect(await asFinance((tx) => addInvoiceLine(tx, id, "discount", { description: "Too generous", unitPriceMinor: 6_001 }))).toEqual({
      ok: false,
      message: "This would take the invoice below zero (subtotal -€0.01): correct an issued invoice with a credit note instead",
    });
    expect(await asFinance((tx) => addInvoiceLine(tx, id, "manual", { description: "Refund", quantity: -1, unitPriceMinor: 7_000 }))).toEqual({
      ok: false,
      message: "This would take the invoice below zero (subtotal -€10.00): correct an issued invoice with a credit note instead",
    });
    expect((await read(id)).lines).toHaveLength(1);
    expect(await asFinance((tx) => addInvoiceLine(tx, id, "discount", { description: "Fine", unitPriceMinor: 6_000 }))).toEqual({ ok: true });
    const [time] = (await read(id)).lines;
    expect(await asFinance((tx) => removeInvoiceLine(tx, id, time!.id))).toMatchObject({ ok: false, message: expect.stringContaining("remove a discount first") });
    expect((await read(id)).totalMinor).toBe(0);
  });
});

describe("issuing", () => {
  it("numbers from the settings' format, yearly series restarting with the year", async () => {
    const company = await createCompany(db, "Numbering Co");
    const numbering = await createMember(db, company, "finance");
    await setInvoiceSettings(db, company, { prefix: "HB/", yearlyReset: true, padding: 3 });
    const client = await createClient(db, company);
    const issue = async (issuedOn: string) => {
      const draft = await createManualDraft(db, company, client);
      return withTenant(db, numbering, (tx) => issueInvoice(tx, draft, { issuedOn }));
    };
    // The issue date's year picks the series, not the day it is done: a December invoice issued in January dated 12-31.
    expect(await issue("2025-12-30")).toMatchObject({ ok: true, number: "HB/2025-001" });
    expect(await issue("2026-01-01")).toMatchObject({ ok: true, number: "HB/2026-001" });
    expect(await issue("2025-12-31")).toMatchObject({ ok: true, number: "HB/2025-002" });

    await setInvoiceSettings(db, company, { prefix: "C", yearlyReset: false, padding: 1 });
    for (let seq = 1; seq <= 10; seq++) expect(await issue("2026-01-02")).toMatchObject({ number: `C${seq}` });
    const series = await db.query(sql`select series, last_number from invoice_number_series where company_id = ${company} order by series`);
    expect(series).toEqual([
      { series: "2025", last_number: 2 },
      { series: "2026", last_number: 1 },
      { series: "all", last_number: 10 },
    ]);
  });

  it("dates the invoice on the day finance chooses, due that day plus the terms; a day out of bounds issues nothing", async () => {
    const s = await setting();
    const site = await s.project(6_000);
    await approvedTime(db, [s.log(site, "2026-03-02", 60), s.log(site, "2026-03-20", 30)]);
    const id = await draftOf(s.clientId);
    const issue = (issuedOn: string) => asFinance((tx) => issueInvoice(tx, id, { issuedOn }));
    const counters = () => db.query(sql`select series, last_number from invoice_number_series where company_id = ${companyId} order by series`);
    const countersBefore = await counters();
    const today = todayIn("UTC");

    expect(await issue("2026-03-19")).toEqual({
      ok: false,
      field: "issuedOn",
      message: "Date it 2026-03-20 or later: it bills time worked on 2026-03-20",
    });
    expect(await issue(shiftDay(today, maxIssueDaysAhead + 1))).toEqual({
      ok: false,
      field: "issuedOn",
      message: `Date it ${shiftDay(today, maxIssueDaysAhead)} at the latest: an invoice is dated at most 7 days ahead`,
    });
    expect(await issue("2026-02-30")).toEqual({ ok: false, field: "issuedOn", message: "Enter the issue date as YYYY-MM-DD" });
    expect(await read(id)).toMatchObject({ status: "draft", number: null, issuedOn: null, dueOn: null });
    expect(await counters()).toEqual(countersBefore);

    // Backdated to the period's last day, written weeks later: allowed, and the due date counts from it.
    const number = await issued(id, "2026-03-31");
    expect(number).toMatch(/^INV-2026-\d{4}$/);
    expect(await read(id)).toMatchObject({ status: "issued", issuedOn: "2026-03-31", dueOn: "2026-04-30" });

    expect(await asFinance((tx) => createCreditNote(tx, id, undefined, { issuedOn: "2026-03-30" }))).toEqual({
      ok: false,
      field: "issuedOn",
      message: `Date it 2026-03-31 or later: invoice ${number} was issued that day`,
    });
    expect(await db.query(sql`select 1 from invoices where corrects_id = ${id}`)).toEqual([]);
  });

  it("dates an invoice without a chosen day today in the company's time zone, and a week ahead is still allowed", async () => {
    // UTC+14: for ten hours of each UTC day it is already tomorrow there.
    const company = await createCompany(db, "Kiritimati Co");
    await db.query(sql`update companies set timezone = 'Pacific/Kiritimati' where id = ${company}`);
    const islander = await createMember(db, company, "finance");
    await setInvoiceSettings(db, company, { termsDays: 14 });
    const client = await createClient(db, company);
    const [now, ahead] = [await createManualDraft(db, company, client), await createManualDraft(db, company, client)];
    const today = todayIn("Pacific/Kiritimati");
    expect(await withTenant(db, islander, (tx) => issueInvoice(tx, now))).toMatchObject({ ok: true });
    expect(await withTenant(db, islander, (tx) => issueInvoice(tx, ahead, { issuedOn: shiftDay(today, 7) }))).toMatchObject({ ok: true });
    const dates = await db.query(sql`
      select issued_on::text as "issuedOn", due_on::text as "dueOn" from invoices where id = any(${[now, ahead]}::uuid[]) order by issued_on`);
    expect(dates).toEqual([
      { issuedOn: today, dueOn: shiftDay(today, 14) },
      { issuedOn: shiftDay(today, 7), dueOn: shiftDay(today, 21) },
    ]);
  });

  it("gives a rolled-back issue's number back, so the series stays gapless", async () => {
    const company = await createCompany(db, "Rollback Co");
    const rollback = await createMember(db, company, "finance");
    await setInvoiceSettings(db, company, { prefix: "R", yearlyReset: false, padding: 1 });
    const client = await createClient(db, company);
    const [a, b] = [await createManualDraft(db, company, client), await createManualDraft(db, company, client)];
    await expect(
      withTenant(db, rollback, async (tx) => {
        expect(await issueInvoice(tx, a)).toMatchObject({ ok: true, number: "R1" });
        throw new Error("the request failed after issuing");
      }),
    ).rejects.toThrow("the request failed after issuing");
    expect(await withTenant(db, rollback, (tx) => issueInvoice(tx, b))).toMatchObject({ ok: true, number: "R1" });
    expect(await withTenant(db, rollback, (tx) => issueInvoice(tx, a))).toMatchObject({ ok: true, number: "R2" });
  });

  it("writes dates, totals and the seller's and client's details; a second issue says it already happened", async () => {
    const s = await setting();
    await db.query(sql`update clients set billing_address = '5 Client Road', tax_id = 'DE999' where id = ${s.clientId}`);
    await approvedTime(db, [s.log(await s.project(6_000), "2026-03-02", 60)]);
    const id = await draftOf(s.clientId);
    const number = await issued(id, "2026-04-01");
    const invoice = await read(id);
    expect(invoice).toMatchObject({
      status: "issued",
      number,
      issuedOn: "2026-04-01",
      dueOn: "2026-05-01",
      seller: { legal_name: "Test Company Ltd", address: "1 Main Street\nSpringfield", tax_id: "GB123456789" },
      buyer: { address: "5 Client Road", tax_id: "DE999" },
    });
    expect(await asFinance((tx) => issueInvoice(tx, id))).toEqual({ ok: false, message: `This invoice is already issued as ${number} (now issued)` });
    const log = await db.query<{ action: string }>(sql`
      select action from audit_entries where entity_type = 'invoice' and entity_id = ${id} order by seq`);
    expect(log.map((entry) => entry.action)).toEqual(["invoice.create", "invoice.issue"]);
    const counters = await db.query<{ last_number: number }>(sql`select last_number from invoice_number_series where company_id = ${companyId}`);
    expect(await asFinance((tx) => issueInvoice(tx, id))).toMatchObject({ ok: false });
    expect(await db.query(sql`select last_number from invoice_number_series where company_id = ${companyId}`)).toEqual(counters);
  });

  it("refuses without a legal name, or without lines, and leaves nothing behind", async () => {
    const company = await createCompany(db, "Nameless Co");
    const nameless = await createMember(db, company, "finance");
    await setInvoiceSettings(db, company, { legalName: null });
    const client = await createClient(db, company);
    const draft = await createManualDraft(db, company, client);
    expect(await withTenant(db, nameless, (tx) => issueInvoice(tx, draft))).toEqual({
      ok: false,
      message: "Fill in the company's legal name in the invoice settings before issuing",
    });
    await setInvoiceSettings(db, company, { legalName: "Named Ltd" });
    await db.query(sql`delete from invoice_lines where invoice_id = ${draft}`);
    expect(await withTenant(db, nameless, (tx) => issueInvoice(tx, draft))).toEqual({ ok: false, message: "Add at least one line before issuing" });
    expect(await db.query(sql`select status from invoices where id = ${draft}`)).toEqual([{ status: "draft" }]);
    expect(await db.query(sql`select 1 from invoice_number_series where company_id = ${company}`)).toEqual([]);
  });

  it("validates the number format and other settings with a message on the field", async () => {
    const save = (changes: Record<string, unknown>) =>
      asFinance(async (tx) => saveInvoiceSettings(tx, { ...(await getInvoiceSettings(tx))!, ...changes }));
    expect(await save({ numberPrefix: "INV 2026" })).toMatchObject({ ok: false, field: "numberPrefix" });
    expect(await save({ numberPadding: 0 })).toEqual({ ok: false, field: "numberPadding", message: "The counter shows at least 1 digit" });
    expect(await save({ defaultTaxRateBp: 19.5 })).toMatchObject({ ok: false, field: "defaultTaxRateBp" });
    expect(await save({ paymentTermsDays: -1 })).toMatchObject({ ok: false, field: "paymentTermsDays" });
    expect(await save({ paymentTermsDays: 14, legalName: "  Invoicing Co GmbH " })).toEqual({ ok: true });
    expect(await asFinance((tx) => getInvoiceSettings(tx))).toMatchObject({ paymentTermsDays: 14, legalName: "Invoicing Co GmbH" });
    await save({ paymentTermsDays: 30 });
  });
});

describe("billed time", () => {
  it("is on one issued invoice at most; voiding releases it", async () => {
    const s = await setting();
    await approvedTime(db, [s.log(await s.project(6_000), "2026-03-02", 60)]);
    const first = await draftOf(s.clientId);
    const second = await draftOf(s.clientId);
    const firstNumber = await issued(first);
    expect(await asFinance((tx) => issueInvoice(tx, second))).toEqual({
      ok: false,
      message: "Some of this time was invoiced on another invoice meanwhile: delete this draft and build it again",
    });
    // Past the model's check, straight in SQL: the unique index refuses.
    expect(
      await asActor(finance, sql`update invoices set status = 'issued', subtotal_minor = 6000, tax_minor = 1140, total_minor = 7140 where id = ${second}`),
    ).toBe("23505");
    expect(await asFinance((tx) => createDraftInvoice(tx, { clientId: s.clientId, ...march, groupBy: "person" }))).toMatchObject({ ok: false });

    expect(await asFinance((tx) => voidInvoice(tx, first))).toEqual({ ok: true });
    const [voided] = await db.query<{ action: string; changes: unknown }>(sql`
      select action, changes from audit_entries where entity_type = 'invoice' and entity_id = ${first} order by seq desc limit 1`);
    expect(voided).toMatchObject({ action: "invoice.void", changes: { status: { old: "issued", new: "void" } } });
    expect(await read(first)).toMatchObject({ status: "void", number: firstNumber, entryCount: 1 });
    expect(await issued(second)).not.toBe(firstNumber);
    expect(await asFinance((tx) => voidInvoice(tx, first))).toEqual({ ok: false, message: `Invoice ${firstNumber} is already void` });
  });

  it("can't be changed or deleted, and its week can't be reopened, until the invoice is voided", async () => {
    const s = await setting();
    const [entry] = await approvedTime(db, [s.log(await s.project(6_000), "2026-03-02", 60)]);
    const id = await draftOf(s.clientId);
    const number = await issued(id);
    const sheet = await timesheetFor(db, companyId, s.person.userId, "2026-03-02");
    const reopen = sql`update timesheets set status = 'draft' where id = ${sheet} returning 1`;

    await expect(db.query(sql`update time_entries set notes = 'changed' where id = ${entry!}`)).rejects.toThrow(`this time is billed on invoice ${number}`);
    await expect(db.query(sql`delete from time_entries where id = ${entry!}`)).rejects.toThrow(`this time is billed on invoice ${number}`);
    expect(await asActor(admin, reopen)).toBe("55000");
    await expect(
      withTenant(db, owner, (tx) => tx.query(reopen)),
    ).rejects.toThrow(`the week of 2026-03-02 is billed on invoice ${number} and can't be reopened`);

    expect(await asFinance((tx) => voidInvoice(tx, id))).toEqual({ ok: true });
    expect(await asActor(admin, reopen)).toBe(1);
    expect(await ownerConnection(sql`update time_entries set notes = 'changed' where id = ${entry!} returning 1`)).toBe(1);
  });

  it("makes a draft built before a week was reopened and approved again refuse to issue", async () => {
    const s = await setting();
    const site = await s.project(6_000);
    await approvedTime(db, [s.log(site, "2026-03-02", 60)]);
    const id = await draftOf(s.clientId);
    const sheet = await timesheetFor(db, companyId, s.person.userId, "2026-03-02");
    await withTenant(db, admin, (tx) => tx.query(sql`update timesheets set status = 'draft' where id = ${sheet}`));
    await db.query(sql`update projects set hourly_rate_minor = 7000 where id = ${site}`);
    await setTimesheetStatus(db, sheet, "approved");
    expect(await asFinance((tx) => issueInvoice(tx, id))).toEqual({
      ok: false,
      message: "Some of this time changed since the draft was made (a week was reopened): delete this draft and build it again",
    });
    expect(await asActor(finance, sql`update invoices set status = 'issued', subtotal_minor = 6000, tax_minor = 1140, total_minor = 7140 where id = ${id}`)).toBe("55000");
  });
});

describe("an issued invoice", () => {
  let id: string;
  let lineId: string;
  beforeAll(async () => {
    const s = await setting();
    await approvedTime(db, [s.log(await s.project(6_000), "2026-03-02", 60)]);
    id = await draftOf(s.clientId);
    await issued(id);
    lineId = (await read(id)).lines[0]!.id;
  });

  const changes = () => [
    sql`update invoices set notes = 'changed' where id = ${id}`,
    sql`update invoices set total_minor = total_minor + 1, subtotal_minor = subtotal_minor + 1 where id = ${id}`,
    sql`update invoices set status = 'draft' where id = ${id}`,
    sql`update invoices set issued_on = '2026-01-01' where id = ${id}`,
    sql`delete from invoices where id = ${id}`,
    sql`update invoice_lines set description = 'changed' where id = ${lineId}`,
    sql`update invoice_lines set quantity = 120, amount_minor = 12000, tax_minor = 2280 where id = ${lineId}`,
    sql`delete from invoice_lines where id = ${lineId}`,
    sql`insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor, amount_minor, tax_rate_bp, tax_minor)
        values (${companyId}, ${id}, 9, 'manual', 'Sneaked in', 1, 100, 100, 0, 0)`,
    sql`update invoice_entries set billed = false where invoice_id = ${id}`,
    sql`delete from invoice_entries where invoice_id = ${id}`,
  ];

  it.each(["owner", "admin", "finance"] as const)("is refused every change by the database, as %s", async (role) => {
    const actor = { owner, admin, finance }[role];
    for (const change of changes()) expect({ change: change.strings.join("?"), result: await asActor(actor, change) }).toMatchObject({ result: "55000" });
  });

  it("is refused every change on the owner connection too", async () => {
    for (const change of changes()) expect({ change: change.strings.join("?"), result: await ownerConnection(change) }).toMatchObject({ result: "55000" });
    expect(await ownerConnection(sql`update invoices set number = 'INV-HACKED' where id = ${id}`)).toBe("55000");
  });

  it.each(["manager", "employee"] as const)("is out of reach of a %s: the policies leave no row to change, and it stays as issued", async (role) => {
    const actor = { manager, employee }[role];
    const before = await read(id);
    for (const change of changes()) {
      expect({ change: change.strings.join("?"), result: await asActor(actor, change) }).toMatchObject({ result: expect.toSatisfy((r) => r === 0 || r === "42501") });
    }
    expect(await read(id)).toEqual(before);
  });

  it("moves only to paid (not before its date) or void, and a paid one goes nowhere", async () => {
    expect(await asFinance((tx) => markInvoicePaid(tx, id, { paidOn: "2026-03-31" }))).toMatchObject({ ok: false });
    expect(await asActor(finance, sql`update invoices set status = 'paid', paid_on = '2026-03-31' where id = ${id}`)).toBe("23514");
    expect(await asActor(finance, sql`update invoices set status = 'paid', paid_on = '2026-04-10', notes = 'x' where id = ${id}`)).toBe("55000");
    expect(await asFinance((tx) => markInvoicePaid(tx, id, { paidOn: "2026-04-10" }))).toEqual({ ok: true });
    expect(await read(id)).toMatchObject({ status: "paid", paidOn: "2026-04-10" });
    expect(await asFinance((tx) => voidInvoice(tx, id))).toMatchObject({ ok: false, message: expect.stringContaining("correct it with a credit note") });
    expect(await ownerConnection(sql`update invoices set status = 'void' where id = ${id}`)).toBe("55000");
    expect(await ownerConnection(sql`update invoices set status = 'issued', paid_on = null where id = ${id}`)).toBe("55000");
  });

  it("can't be edited through the models either", async () => {
    await asFinance(async (tx) => {
      for (const result of [
        await addInvoiceLine(tx, id, "manual", { description: "More", unitPriceMinor: 1 }),
        await removeInvoiceLine(tx, id, lineId),
        await setInvoiceNotes(tx, id, "Late"),
        await deleteDraftInvoice(tx, id),
      ]) {
        expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Invoice .* is already (issued|paid) and can't change$/) });
      }
    });
  });
});

describe("who sees invoices", () => {
  let id: string;
  let clientId: string;
  beforeAll(async () => {
    const s = await setting();
    await approvedTime(db, [s.log(await s.project(6_000), "2026-03-02", 60)]);
    id = await draftOf(s.clientId);
    clientId = s.clientId;
  });

  it.each(["manager", "employee"] as const)("as %s: no rows in any invoice table, no writes, and the models answer null", async (role) => {
    const actor = { manager, employee }[role];
    for (const table of ["invoices", "invoice_lines", "invoice_entries", "invoice_settings", "invoice_number_series"]) {
      expect({ table, rows: await withTenant(db, actor, (tx) => tx.query(sql`select 1 from ${identifier(table)}`)) }).toEqual({ table, rows: [] });
    }
    expect(await asActor(actor, sql`update invoices set notes = 'x' where id = ${id} returning 1`)).toBe(0);
    expect(await asActor(actor, sql`insert into invoices (company_id, client_id, currency, period_from, period_to)
      values (${companyId}, ${clientId}, 'EUR', '2026-03-01', '2026-03-31')`)).toBe("42501");
    await withTenant(db, actor, async (tx) => {
      expect(await getInvoice(tx, id)).toBeNull();
      expect(await listInvoices(tx)).toEqual([]);
      expect(await getInvoiceSettings(tx)).toBeNull();
      expect(await createDraftInvoice(tx, { clientId, ...march, groupBy: "person" })).toBeNull();
      expect(await addInvoiceLine(tx, id, "manual", { description: "x", unitPriceMinor: 1 })).toBeNull();
      expect(await issueInvoice(tx, id)).toBeNull();
      expect(await voidInvoice(tx, id)).toBeNull();
      expect(await createCreditNote(tx, id)).toBeNull();
    });
    expect(await read(id)).toMatchObject({ status: "draft", lines: [expect.anything()] });
  });

  it("another company's finance gets null for this company's ids", async () => {
    await withTenant(db, otherFinance, async (tx) => {
      expect(await getInvoice(tx, id)).toBeNull();
      expect(await issueInvoice(tx, id)).toBeNull();
      expect(await addInvoiceLine(tx, id, "manual", { description: "x", unitPriceMinor: 1 })).toBeNull();
      expect(await createDraftInvoice(tx, { clientId, ...march, groupBy: "person" })).toBeNull();
    });
  });

  it("finance, admins and owners list it, a draft with the totals its lines make so far", async () => {
    for (const actor of [finance, admin, owner]) {
      const listed = await withTenant(db, actor, (tx) => listInvoices(tx, { clientId }));
      expect(listed).toEqual([expect.objectContaining({ id, status: "draft", number: null, subtotalMinor: 6_000, taxMinor: 1_140, totalMinor: 7_140 })]);
    }
    expect(await asFinance((tx) => listInvoices(tx, { clientId, status: "issued" }))).toEqual([]);
  });
});
