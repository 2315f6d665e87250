import PDFDocument from "pdfkit";
import { formatDay } from "../../emails/format";
import type { InvoiceDocument } from "./document.server";
import type { InvoiceLine, InvoiceParty } from "./invoices.server";
import { formatMoney } from "~/kernel/catalog/project-fields";
import { formatMinutes } from "~/kernel/clock/duration";
import { isWinAnsi, printable } from "~/kernel/documents/pdf-text";

/**
 * An invoice, credit note or draft as the PDF a client receives (issue #8).
 *
 * Fonts: the standard Helvetica faces, which every PDF reader has, so nothing is
 * embedded. They encode WinAnsi (Latin-1 plus €, Œ, Š, Ž, dashes and quotes), which
 * covers Western European names, umlauts, €, £ and ¥. No dependency ships a text
 * font with wider coverage and we don't bundle one, so a character outside WinAnsi
 * is written as its base letter where it has one (ř → r, Ł → L) and as "?"
 * otherwise, and a currency whose symbol is outside it (₹, ₩) is written with its
 * ISO code; pdfkit would otherwise print bytes of the wrong glyphs. A company that
 * invoices in Greek, Cyrillic or CJK needs an embedded Unicode font first (docs/decisions/016).
 *
 * The document is returned as pdfkit's Readable and piped to the response rather
 * than collected into a Buffer. Its pages are buffered until the end because
 * "Page 2 of 3" needs the page count, and the VOID or DRAFT mark is drawn over every
 * page once the content has been laid out.
 */

/** The shared invoice money format; a symbol the fonts lack gives way to the currency's code. */
function money(minor: number, currency: string): string {
  const text = formatMoney(minor, currency);
  return [...text].every(isWinAnsi) ? text : text.replace(/[^\s\d.,()+-]+/u, `${currency} `).replace(/\s+/gu, " ").trim();
}

const percent = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
const taxRate = (bp: number) => `${percent.format(bp / 100)} %`;

function quantityOf(line: InvoiceLine): string {
  return line.kind === "time" ? `${formatMinutes(line.quantity)} h` : String(line.quantity);
}

function unitPriceOf(line: InvoiceLine, currency: string): string {
  return line.kind === "time" ? `${money(line.unitPriceMinor, currency)}/h` : money(line.unitPriceMinor, currency);
}

/** Tax per rate: a row for each rate the lines use, in rising order. */
function taxByRate(lines: InvoiceLine[]): { rateBp: number; baseMinor: number; taxMinor: number }[] {
  const rates = new Map<number, { rateBp: number; baseMinor: number; taxMinor: number }>();
  for (const line of lines) {
    const rate = rates.get(line.taxRateBp) ?? { rateBp: line.taxRateBp, baseMinor: 0, taxMinor: 0 };
    rate.baseMinor += line.amountMinor;
    rate.taxMinor += line.taxMinor;
    rates.set(line.taxRateBp, rate);
  }
  return [...rates.values()].sort((a, b) => a.rateBp - b.rateBp);
}

const fonts = { regular: "Helvetica", bold: "Helvetica-Bold" } as const;
const grey = "#555555";
const rule = "#bbbbbb";
const margin = 50;
// Room kept at the foot of every page for the page number.
const footerHeight = 24;

const columns = [
  { key: "description", title: "Description", width: 205, align: "left" },
  { key: "quantity", title: "Quantity", width: 65, align: "right" },
  { key: "unitPrice", title: "Unit price", width: 85, align: "right" },
  { key: "tax", title: "Tax", width: 45, align: "right" },
  { key: "amount", title: "Amount", width: 95, align: "right" },
] as const;
type Column = (typeof columns)[number]["key"];

function partyLines(party: InvoiceParty, name: string | null | undefined): { name: string; rest: string[] } {
  const rest: string[] = [];
  if (party.contact_name) rest.push(`Attn. ${party.contact_name}`);
  if (party.address) rest.push(...party.address.split(/\r?\n/u).map((line) => line.trim()).filter(Boolean));
  if (party.contact_email) rest.push(party.contact_email);
  if (party.tax_id) rest.push(`Tax ID: ${party.tax_id}`);
  return { name: name ?? "", rest };
}

export function invoiceTitle({ invoice }: Pick<InvoiceDocument, "invoice">): string {
  const kind = invoice.kind === "credit_note" ? "Credit note" : "Invoice";
  return invoice.number ? `${kind} ${invoice.number}` : `${kind} (draft)`;
}

/** The file name a download gets: the number, or the draft's id; only characters safe in a header and a file system. */
export function invoiceFileName({ invoice }: Pick<InvoiceDocument, "invoice">): string {
  const stem = invoice.number ?? `draft-${invoice.id}`;
  return `${stem.replace(/[^A-Za-z0-9._-]+/gu, "-")}.pdf`;
}

/** Lays the document out and ends it; read the returned stream for the bytes. */
export function renderInvoicePdf(document: InvoiceDocument): PDFKit.PDFDocument {
  const { invoice, seller, buyer, paymentTermsDays } = document;
  const currency = invoice.currency;
  const doc = new PDFDocument({
    size: "A4",
    margin,
    bufferPages: true,
    info: { Title: printable(invoiceTitle(document)), Author: printable(seller.legal_name ?? "") },
  });
  const text = (value: string) => printable(value);
  const contentWidth = doc.page.width - 2 * margin;
  const bottom = () => doc.page.height - margin - footerHeight;

  // Seller, top left.
  const sellerBlock = partyLines(seller, seller.legal_name);
  doc.font(fonts.bold).fontSize(14).fillColor("black").text(text(sellerBlock.name || "(legal name not set)"), margin, margin, { width: 235 });
  doc.font(fonts.regular).fontSize(9).fillColor(grey);
  for (const line of sellerBlock.rest) doc.text(text(line), { width: 235 });
  const sellerBottom = doc.y;

  // Title and the invoice's facts, top right.
  const right = margin + 245;
  const rightWidth = contentWidth - 245;
  const kind = invoice.kind === "credit_note" ? "Credit note" : "Invoice";
  doc.font(fonts.bold).fontSize(20).fillColor("black").text(kind, right, margin, { width: rightWidth, align: "right" });
  doc.moveDown(0.3);
  const facts: [string, string][] = [
    [invoice.kind === "credit_note" ? "Credit note no." : "Invoice no.", invoice.number ?? "Not numbered until issued"],
  ];
  if (invoice.kind === "credit_note") facts.push(["Corrects invoice", invoice.correctsNumber ?? ""]);
  facts.push(["Issue date", invoice.issuedOn ? formatDay(invoice.issuedOn) : "Not issued"]);
  if (invoice.kind === "invoice") {
    facts.push(["Due date", invoice.dueOn ? formatDay(invoice.dueOn) : `${paymentTermsDays} days after issue`]);
  }
  if (invoice.periodFrom && invoice.periodTo) {
    facts.push(["Period", `${formatDay(invoice.periodFrom)} – ${formatDay(invoice.periodTo)}`]);
  }
  if (invoice.paidOn) facts.push(["Paid on", formatDay(invoice.paidOn)]);
  if (invoice.status === "void") facts.push(["Status", "Void"]);
  doc.fontSize(9);
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(fonts.regular).fillColor(grey).text(label, right, y, { width: 80 });
    const labelBottom = doc.y;
    doc.font(fonts.bold).fillColor("black").text(text(value), right + 80, y, { width: rightWidth - 80, align: "right" });
    doc.y = Math.max(doc.y, labelBottom) + 2;
  }
  const factsBottom = doc.y;

  // The client.
  doc.y = Math.max(sellerBottom, factsBottom) + 20;
  const buyerBlock = partyLines(buyer, buyer.name);
  doc.font(fonts.regular).fontSize(8).fillColor(grey).text(invoice.kind === "credit_note" ? "CREDITED TO" : "BILL TO", margin);
  doc.font(fonts.bold).fontSize(11).fillColor("black").text(text(buyerBlock.name), { width: 300 });
  doc.font(fonts.regular).fontSize(9);
  for (const line of buyerBlock.rest) doc.text(text(line), { width: 300 });

  if (invoice.status === "draft") {
    doc.moveDown(1);
    const y = doc.y;
    doc.rect(margin, y, contentWidth, 22).fillAndStroke("#fff3cd", "#c9a227");
    doc.font(fonts.bold).fontSize(10).fillColor("#7a5b00").text("DRAFT — not a valid invoice", margin, y + 6, {
      width: contentWidth,
      align: "center",
    });
    doc.y = y + 22;
  }

  // The lines, a header row on every page they run onto.
  const tableHeader = () => {
    const y = doc.y;
    let x = margin;
    doc.font(fonts.bold).fontSize(9).fillColor("black");
    for (const column of columns) {
      doc.text(column.title, x, y, { width: column.width, align: column.align, lineBreak: false });
      x += column.width;
    }
    doc.moveTo(margin, y + 13).lineTo(margin + contentWidth, y + 13).lineWidth(0.8).strokeColor("black").stroke();
    doc.y = y + 18;
  };
  const continuation = () => {
    doc.addPage();
    doc.font(fonts.regular).fontSize(8).fillColor(grey).text(`${text(invoiceTitle(document))}, continued`, margin, margin);
    doc.y = margin + 18;
  };

  doc.y += 22;
  tableHeader();
  for (const line of invoice.lines) {
    const cells: Record<Column, string> = {
      description: text(line.description),
      quantity: quantityOf(line),
      unitPrice: unitPriceOf(line, currency),
      tax: taxRate(line.taxRateBp),
      amount: money(line.amountMinor, currency),
    };
    doc.font(fonts.regular).fontSize(9);
    const height = Math.max(...columns.map((column) => doc.heightOfString(cells[column.key], { width: column.width })));
    if (doc.y + height + 6 > bottom()) {
      continuation();
      tableHeader();
    }
    const y = doc.y;
    let x = margin;
    doc.fillColor("black");
    for (const column of columns) {
      doc.text(cells[column.key], x, y, { width: column.width, align: column.align });
      x += column.width;
    }
    doc.moveTo(margin, y + height + 3).lineTo(margin + contentWidth, y + height + 3).lineWidth(0.4).strokeColor(rule).stroke();
    doc.y = y + height + 7;
  }

  // Totals, kept together under the table.
  const rates = taxByRate(invoice.lines);
  const totalRows: { label: string; value: string; bold?: boolean }[] = [{ label: "Subtotal", value: money(invoice.subtotalMinor, currency) }];
  if (rates.length === 1) {
    totalRows.push({ label: `Tax (${taxRate(rates[0]!.rateBp)})`, value: money(invoice.taxMinor, currency) });
  } else {
    for (const rate of rates) {
      totalRows.push({ label: `Tax ${taxRate(rate.rateBp)} on ${money(rate.baseMinor, currency)}`, value: money(rate.taxMinor, currency) });
    }
    totalRows.push({ label: "Tax", value: money(invoice.taxMinor, currency) });
  }
  totalRows.push({ label: invoice.kind === "credit_note" ? "Total credited" : "Total due", value: money(invoice.totalMinor, currency), bold: true });
  if (doc.y + totalRows.length * 16 + 10 > bottom()) continuation();
  doc.y += 6;
  const labelX = margin + contentWidth - 300;
  for (const row of totalRows) {
    const y = doc.y;
    doc.font(row.bold ? fonts.bold : fonts.regular).fontSize(row.bold ? 11 : 9).fillColor("black");
    doc.text(row.label, labelX, y, { width: 200, align: "right" });
    doc.text(row.value, labelX + 200, y, { width: 100, align: "right" });
    doc.y = y + (row.bold ? 18 : 14);
  }

  // Terms and notes flow on, onto further pages if they must.
  const terms =
    invoice.kind === "credit_note"
      ? `This credit note corrects invoice ${invoice.correctsNumber ?? ""}; the total above is credited to ${buyer.name ?? "the client"}.`
      : paymentTermsDays === 0
        ? "Payment is due on receipt."
        : invoice.dueOn
          ? `Payment is due within ${paymentTermsDays} days of the issue date, by ${formatDay(invoice.dueOn)}. Please quote ${invoice.number} with your payment.`
          : `Payment is due within ${paymentTermsDays} days of the issue date.`;
  doc.x = margin;
  doc.y += 16;
  doc.font(fonts.bold).fontSize(9).fillColor("black").text(invoice.kind === "credit_note" ? "Credit" : "Payment terms", margin, doc.y, { width: contentWidth });
  doc.font(fonts.regular).text(text(terms), { width: contentWidth });
  if (invoice.notes) {
    doc.moveDown(0.8);
    doc.font(fonts.bold).text("Notes", { width: contentWidth });
    doc.font(fonts.regular).text(text(invoice.notes), { width: contentWidth });
  }

  markEveryPage(doc, document);
  doc.end();
  return doc;
}

/** Page numbers, and the VOID or DRAFT mark, over each page once the count is known. */
function markEveryPage(doc: PDFKit.PDFDocument, { invoice }: InvoiceDocument) {
  const range = doc.bufferedPageRange();
  const mark = invoice.status === "void" ? "VOID" : invoice.status === "draft" ? "DRAFT — not a valid invoice" : null;
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const { width, height } = doc.page;
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (range.count > 1) {
      doc.font(fonts.regular).fontSize(8).fillColor(grey).text(`Page ${index - range.start + 1} of ${range.count}`, margin, height - margin, {
        width: width - 2 * margin,
        align: "right",
        lineBreak: false,
      });
    }
    if (mark) {
      doc.save();
      doc.rotate(-35, { origin: [width / 2, height / 2] });
      doc.font(fonts.bold).fontSize(mark === "VOID" ? 120 : 44).fillColor("#cc0000").fillOpacity(0.18);
      const markHeight = doc.currentLineHeight();
      doc.text(mark, 0, height / 2 - markHeight / 2, { width, align: "center", lineBreak: false });
      doc.restore();
    }
    doc.page.margins.bottom = bottomMargin;
  }
}
