import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { approvedTime, createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient, createProject, createTask } from "../../db/testing/time-fixtures";
import { getInvoiceDocument, type InvoiceDocument } from "./document.server";
import { createCreditNote, issueInvoice, markInvoicePaid, voidInvoice } from "./issuing.server";
import { addInvoiceLine, createDraftInvoice, setInvoiceNotes } from "./invoices.server";
import { formatMoney } from "~/kernel/catalog/project-fields";
import { formatMinutes } from "~/kernel/clock/duration";
import { invoiceFileName, renderInvoicePdf } from "./pdf.server";
import { printable } from "~/kernel/documents/pdf-text";

let db: TestDatabase;
let companyId: string;
let finance: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "PDF Co");
  finance = await createMember(db, companyId, "finance");
  await setInvoiceSettings(db, companyId, { legalName: "Grünwald Consulting GmbH", taxRateBp: 1_900, termsDays: 14 });
});
afterAll(() => db.close());

const asFinance = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db, finance, work);

/** The PDF's bytes, read from the stream the route sends. */
async function bytesOf(document: InvoiceDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of renderInvoicePdf(document)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function pdfOf(invoiceId: string) {
  const document = (await asFinance((tx) => getInvoiceDocument(tx, invoiceId)))!;
  const bytes = await bytesOf(document);
  const pdf = await getDocumentProxy(bytes);
  const { text } = await extractText(pdf, { mergePages: true });
  // The extractor breaks lines where the layout does; one space between words is what matters.
  return { document, bytes, pages: pdf.numPages, text: text.replace(/\s+/gu, " ") };
}

/** A client with a billing address, and approved time on two tasks of one project in March. */
async function invoicedClient(name: string, currency = "EUR") {
  const clientId = await createClient(db, companyId, { name, currency });
  await db.query(sql`
    update clients set billing_address = ${"Hauptstraße 5\n80331 München"}, tax_id = 'DE999999999', contact_name = 'Jörg Bauer'
     where id = ${clientId}`);
  const person = await createMember(db, companyId, "employee");
  const projectId = await createProject(db, companyId, { clientId, hourlyRateMinor: 9_000, name: `Relaunch ${name}` });
  const design = await createTask(db, companyId, projectId, { name: "Design" });
  const build = await createTask(db, companyId, projectId, { name: "Build" });
  await approvedTime(db, [
    { companyId, userId: person.userId, projectId, taskId: design, day: "2026-03-02", minutes: 200 },
    { companyId, userId: person.userId, projectId, taskId: build, day: "2026-03-03", minutes: 455 },
  ]);
  const draft = await asFinance((tx) => createDraftInvoice(tx, { clientId, from: "2026-03-01", to: "2026-03-31", groupBy: "project-task" }));
  if (!draft?.ok) throw new Error(JSON.stringify(draft));
  return { clientId, invoiceId: draft.id };
}

async function issue(invoiceId: string) {
  const result = await asFinance((tx) => issueInvoice(tx, invoiceId, { issuedOn: "2026-04-01" }));
  if (!result?.ok) throw new Error(JSON.stringify(result));
  return result.number;
}

describe("an invoice's PDF", () => {
  it("names the seller, the client, the number and dates, each line, and the totals as the model computes them", async () => {
    const { invoiceId } = await invoicedClient("Müller & Söhne KG");
    await asFinance(async (tx) => {
      await addInvoiceLine(tx, invoiceId, "manual", { description: "Travel to Köln", quantity: 2, unitPriceMinor: 12_345, taxRateBp: 700 });
      await addInvoiceLine(tx, invoiceId, "discount", { description: "Loyalty discount", unitPriceMinor: 5_000 });
      await setInvoiceNotes(tx, invoiceId, "Thank you — see you in May.");
    });
    const number = await issue(invoiceId);
    const { document, text, pages } = await pdfOf(invoiceId);
    const { invoice } = document;
    const eur = (minor: number) => formatMoney(minor, "EUR");

    expect(pages).toBe(1);
    expect(text).toContain(`Invoice no. ${number}`);
    expect(text).toContain("Grünwald Consulting GmbH");
    expect(text).toContain("Tax ID: GB123456789");
    expect(text).toContain("Müller & Söhne KG");
    expect(text).toContain("Attn. Jörg Bauer");
    expect(text).toContain("Hauptstraße 5 80331 München");
    expect(text).toContain("Tax ID: DE999999999");
    expect(text).toContain("Issue date April 1, 2026");
    expect(text).toContain("Due date April 15, 2026");
    expect(text).toContain("Period March 1, 2026 – March 31, 2026");
    expect(invoice.lines).toHaveLength(4);
    for (const line of invoice.lines) {
      expect(text).toContain(line.description);
      expect(text).toContain(eur(line.amountMinor));
    }
    const design = invoice.lines.find((line) => line.description.endsWith("Design"))!;
    expect(text).toContain(`${design.description} ${formatMinutes(200)} h ${eur(9_000)}/h 19 % ${eur(design.amountMinor)}`);
    expect(text).toContain(`Travel to Köln 2 ${eur(12_345)} 7 % ${eur(24_690)}`);
    expect(text).toContain(`Subtotal ${eur(invoice.subtotalMinor)}`);
    // Two rates: a row each, then the tax they add up to.
    const at19 = invoice.lines.filter((line) => line.taxRateBp === 1_900);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(text).toContain(`Tax 19 % on ${eur(sum(at19.map((l) => l.amountMinor)))} ${eur(sum(at19.map((l) => l.taxMinor)))}`);
    expect(text).toContain(`Tax 7 % on ${eur(24_690)} ${eur(lineTaxOf(invoice, 700))}`);
    expect(text).toContain(`Tax ${eur(invoice.taxMinor)}`);
    expect(text).toContain(`Total due ${eur(invoice.totalMinor)}`);
    expect(text).toContain(`Payment is due within 14 days of the issue date, by April 15, 2026. Please quote ${number}`);
    expect(text).toContain("Thank you — see you in May.");
    expect(text).not.toContain("DRAFT");
    expect(text).not.toContain("VOID");
    expect(invoiceFileName(document)).toBe(`${number}.pdf`);
  });

  it("marks a draft as not a valid invoice, with the client and seller as they stand now", async () => {
    const { invoiceId } = await invoicedClient("Draft Client AG");
    const { text, document } = await pdfOf(invoiceId);
    expect(text).toContain("DRAFT — not a valid invoice");
    expect(text).toContain("Not numbered until issued");
    expect(text).toContain("Draft Client AG");
    expect(text).toContain("Grünwald Consulting GmbH");
    expect(text).toContain("Due date 14 days after issue");
    expect(invoiceFileName(document)).toBe(`draft-${invoiceId}.pdf`);
  });

  it("marks a void invoice VOID, and a paid one with its day", async () => {
    const voided = (await invoicedClient("Void Client")).invoiceId;
    await issue(voided);
    expect((await asFinance((tx) => voidInvoice(tx, voided)))?.ok).toBe(true);
    const paid = (await invoicedClient("Paid Client")).invoiceId;
    await issue(paid);
    expect((await asFinance((tx) => markInvoicePaid(tx, paid, { paidOn: "2026-04-10" })))?.ok).toBe(true);

    const voidText = (await pdfOf(voided)).text;
    expect(voidText).toContain("VOID");
    expect(voidText).toContain("Status Void");
    const paidText = (await pdfOf(paid)).text;
    expect(paidText).toContain("Paid on April 10, 2026");
    expect(paidText).not.toContain("VOID");
  });

  it("titles a credit note so and names the invoice it corrects", async () => {
    const { invoiceId } = await invoicedClient("Credited Client");
    const corrected = await issue(invoiceId);
    const note = await asFinance((tx) => createCreditNote(tx, invoiceId, undefined, { issuedOn: "2026-04-02" }));
    if (!note?.ok) throw new Error(JSON.stringify(note));
    const { text, document } = await pdfOf(note.id);
    expect(text).toContain(`Credit note Credit note no. ${note.number}`);
    expect(text).toContain(`Corrects invoice ${corrected}`);
    expect(text).toContain(`This credit note corrects invoice ${corrected}`);
    expect(text).toContain(`Total credited ${formatMoney(document.invoice.totalMinor, "EUR")}`);
    expect(document.invoice.totalMinor).toBeLessThan(0);
    expect(text).not.toContain("Payment is due");
  });

  it("breaks a 120-line invoice over pages, numbered, with the header row on each and every line once", async () => {
    const clientId = await createClient(db, companyId, { name: "Long Client" });
    const invoiceId = await createManualDraft(db, companyId, clientId);
    const descriptions = Array.from({ length: 119 }, (_, index) =>
      index % 10 === 0
        ? `Item ${String(index).padStart(3, "0")}: a description long enough to wrap over more than one line in the description column`
        : `Item ${String(index).padStart(3, "0")}`,
    );
    await asFinance(async (tx) => {
      for (const description of descriptions) await addInvoiceLine(tx, invoiceId, "manual", { description, quantity: 1, unitPriceMinor: 1_000 });
    });
    await issue(invoiceId);
    const document = (await asFinance((tx) => getInvoiceDocument(tx, invoiceId)))!;
    const pdf = await getDocumentProxy(await bytesOf(document));
    const { text: perPage } = await extractText(pdf, { mergePages: false });
    const pages = perPage.map((page) => page.replace(/\s+/gu, " "));

    expect(document.invoice.lines).toHaveLength(120);
    expect(pages.length).toBeGreaterThan(1);
    for (const [index, page] of pages.entries()) {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toContain("Description Quantity Unit price Tax Amount");
    }
    const all = pages.join(" ");
    for (const description of ["Consulting", ...descriptions]) {
      expect(all.split(`${description} 1 `).length - 1, description).toBe(1);
    }
    expect(pages.at(-1)).toContain(`Total due ${formatMoney(document.invoice.totalMinor, "EUR")}`);
  });

  it("prints €, £ and umlauts as they are, and what the standard fonts lack as its base letter or the currency's code", async () => {
    expect(printable("Grüße, Œuvre, € 5 — £ 3")).toBe("Grüße, Œuvre, € 5 — £ 3");
    expect(printable("Łódź, Dvořák")).toBe("Lódz, Dvorák");
    expect(printable("Москва 東京")).toBe("?????? ??");
    expect(printable("Line one\r\nq\u0303\tend\u0007")).toBe("Line one\nq end");

    const pounds = (await invoicedClient("Sterling Ltd", "GBP")).invoiceId;
    const rupees = (await invoicedClient("Łódź Exports", "INR")).invoiceId;
    await issue(pounds);
    await issue(rupees);
    const poundsPdf = await pdfOf(pounds);
    expect(poundsPdf.text).toContain(`Total due ${formatMoney(poundsPdf.document.invoice.totalMinor, "GBP")}`);
    expect(poundsPdf.text).toMatch(/Total due £\d/u);
    const rupeesPdf = await pdfOf(rupees);
    expect(formatMoney(rupeesPdf.document.invoice.totalMinor, "INR")).toMatch(/^₹/u);
    expect(rupeesPdf.text).toContain(`Total due INR ${formatMoney(rupeesPdf.document.invoice.totalMinor, "INR").slice(1)}`);
    expect(rupeesPdf.text).toContain("Lódz Exports");
  });
});

function lineTaxOf(invoice: InvoiceDocument["invoice"], rateBp: number): number {
  return invoice.lines.filter((line) => line.taxRateBp === rateBp).reduce((sum, line) => sum + line.taxMinor, 0);
}
