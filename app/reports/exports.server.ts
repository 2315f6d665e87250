import PDFDocument from "pdfkit";
import { stringify } from "csv-stringify/sync";
import writeExcelFile from "write-excel-file/node";
import type { TenantTransaction } from "../../db/tenant";
import { formatDay } from "../../emails/format";
import { printable } from "~/kernel/documents/pdf-text";
import { formatMinutes } from "~/kernel/clock/duration";
import { groupingLabels, type ReportFilter, type ReportGrouping, type ReportKind } from "./filter";
import { tooLargeFor, type ReportFormat } from "./formats";
import type { XlsxCell } from "~/kernel/documents/spreadsheet";
import { allReportEntries, minorToDecimal, reportCsvChunks, summarizeTime, type ReportEntry, type TimeReport } from "./time-report.server";

/**
 * The time report as a file: CSV, XLSX or PDF, of the summary or the detailed
 * report. The page's download and a scheduled report's email attachment are built
 * here, so both carry the same file for the same filter. The detailed CSV download
 * itself streams (reportCsvChunks, decision 012); everything built here is held in
 * memory whole, so the entry counts are bounded per format (app/reports/formats.ts)
 * and a larger report is refused with a message that says what to do instead.
 */
export interface ReportFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export type ReportFileResult = { ok: true; file: ReportFile } | { ok: false; message: string };

export interface ReportFileRequest {
  kind: ReportKind;
  format: ReportFormat;
  filter: ReportFilter;
  /** A saved report's name, or the company's name: the file's title. */
  title: string;
}

const contentTypes: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** 'time-summary-2026-11-01-2026-11-30.pdf': dates and plain letters only, safe in a header and on any disk. */
export function reportFileName(kind: ReportKind, filter: ReportFilter, format: ReportFormat): string {
  return `time-${kind}-${filter.from}-${filter.to}.${format}`;
}

/** Decimal hours to the hundredth, as the detailed file's hours read: 50 min → '0.83'. */
export function hoursOf(minutes: number): string {
  return minorToDecimal(Math.round((minutes * 100) / 60));
}

export async function buildReportFile(tx: TenantTransaction, request: ReportFileRequest): Promise<ReportFileResult> {
  const { kind, format, filter } = request;
  const summary = await summarizeTime(tx, filter);
  const tooLarge = tooLargeFor(kind, format, summary.totals.entries);
  if (tooLarge) return { ok: false, message: tooLarge };
  const entries = kind === "detailed" && format !== "csv" ? await allReportEntries(tx, filter) : [];
  let content: Uint8Array;
  if (format === "csv") {
    content = new TextEncoder().encode(kind === "summary" ? summaryCsv(summary, filter.groupBy) : await collect(reportCsvChunks(tx, filter)));
  } else if (format === "xlsx") {
    const rows = kind === "summary" ? summaryXlsxRows(summary, filter.groupBy) : detailedXlsxRows(entries, filter.groupBy);
    content = new Uint8Array(await writeExcelFile(rows, { sheet: "Time", stickyRowsCount: 1 }).toBuffer());
  } else {
    content = await bytesOf(renderReportPdf({ ...request, summary, entries }));
  }
  return { ok: true, file: { filename: reportFileName(kind, filter, format), contentType: contentTypes[format], content } };
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

// ------------------------------------------------------- CSV and XLSX

/** The summary's label as written: a week is named by its first day. */
function rowLabel(label: string, grouping: ReportGrouping): string {
  return grouping === "week" ? `Week of ${label}` : label;
}

/**
 * The summary as CSV: a row per group and the total, hours as decimals and minutes
 * exact. Byte order mark and formula escaping as the detailed file (decision 012).
 */
export function summaryCsv(report: TimeReport, grouping: ReportGrouping): string {
  const records = [
    ...report.rows.map((row) => ({ ...row, label: rowLabel(row.label, grouping) })),
    { label: "Total", ...report.totals },
  ].map((row) => [row.label, hoursOf(row.minutes), hoursOf(row.billableMinutes), row.minutes, row.billableMinutes, row.entries]);
  const header = [groupingLabels[grouping], "Hours", "Billable hours", "Minutes", "Billable minutes", "Entries"];
  return stringify([header, ...records], { bom: true, escape_formulas: true });
}

const hoursCell = (minutes: number): XlsxCell => ({ value: minutes / 60, type: Number, format: "0.00" });
const integerCell = (value: number): XlsxCell => ({ value, type: Number, format: "0" });
const moneyCell = (minor: number | null, currency: string | null): XlsxCell =>
  minor === null || !currency ? null : { value: minor / 100, type: Number, format: "#,##0.00" };

export function summaryXlsxRows(report: TimeReport, grouping: ReportGrouping): XlsxCell[][] {
  const row = (label: string, figures: TimeReport["totals"]): XlsxCell[] => [
    label,
    hoursCell(figures.minutes),
    hoursCell(figures.billableMinutes),
    integerCell(figures.entries),
  ];
  return [
    [groupingLabels[grouping], "Hours", "Billable hours", "Entries"],
    ...report.rows.map((r) => row(rowLabel(r.label, grouping), r)),
    row("Total", report.totals),
  ];
}

export function detailedXlsxRows(entries: ReportEntry[], grouping: ReportGrouping): XlsxCell[][] {
  return [
    [groupingLabels[grouping], "Date", "Person", "Email", "Client", "Project", "Project code", "Task", "Notes", "Hours", "Minutes", "Billable", "Status", "Rate", "Amount", "Currency"],
    ...entries.map((e): XlsxCell[] => [
      rowLabel(e.group, grouping),
      { value: new Date(`${e.date}T00:00:00Z`), type: Date, format: "yyyy-mm-dd" },
      e.person,
      e.email,
      e.client,
      e.project,
      e.projectCode,
      e.task,
      e.notes,
      hoursCell(e.minutes),
      integerCell(e.minutes),
      e.billable ? "yes" : "no",
      e.status,
      moneyCell(e.rateMinor, e.currency),
      moneyCell(e.amountMinor, e.currency),
      e.currency,
    ]),
  ];
}

// ------------------------------------------------------- PDF

/** What the filter narrows the report to, in words, for the PDF's heading. */
export function describeFilter(filter: ReportFilter): string {
  const parts: string[] = [];
  const chosen = (count: number, one: string, many: string) => {
    if (count > 0) parts.push(`${count} ${count === 1 ? one : many}`);
  };
  chosen(filter.userIds.length, "person", "people");
  chosen(filter.teamIds.length, "team", "teams");
  chosen(filter.projectIds.length, "project", "projects");
  chosen(filter.clientIds.length, "client", "clients");
  if (filter.billable !== "all") parts.push(filter.billable === "billable" ? "billable time only" : "non-billable time only");
  if (filter.status === "approved") parts.push("approved weeks only");
  return parts.length === 0 ? "All time you may see" : `Only ${parts.join(", ")}`;
}

const fonts = { regular: "Helvetica", bold: "Helvetica-Bold" } as const;
const grey = "#555555";
const rule = "#bbbbbb";
const margin = 40;
const footerHeight = 20;

interface PdfColumn<Row> {
  title: string;
  width: number;
  align: "left" | "right";
  cell: (row: Row) => string;
}

async function bytesOf(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of doc) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The report as a PDF: its title, period and filters, then a table with its header
 * repeated on every page, the detailed report's entries under a heading per group
 * with the group's total, and the report's totals last. Text goes through the
 * invoice PDF's `printable` (standard fonts, WinAnsi: see app/invoices/pdf.server.ts).
 */
export function renderReportPdf(report: ReportFileRequest & { summary: TimeReport; entries: ReportEntry[] }): PDFKit.PDFDocument {
  const { kind, filter, summary } = report;
  const heading = `Time report, ${kind} by ${groupingLabels[filter.groupBy].toLowerCase()}`;
  const doc = new PDFDocument({
    size: "A4",
    layout: kind === "detailed" ? "landscape" : "portrait",
    margin,
    bufferPages: true,
    info: { Title: printable(`${report.title}: ${heading}`) },
  });
  const width = doc.page.width - 2 * margin;
  const bottom = () => doc.page.height - margin - footerHeight;

  doc.font(fonts.bold).fontSize(16).fillColor("black").text(printable(report.title), margin, margin, { width });
  doc.font(fonts.regular).fontSize(11).text(heading, { width });
  doc.fontSize(9).fillColor(grey).text(`${formatDay(filter.from)} to ${formatDay(filter.to)}. ${describeFilter(filter)}.`, { width });
  doc.moveDown(1);

  const table = <Row>(columns: PdfColumn<Row>[], rows: { row: Row; bold?: boolean; section?: string }[]) => {
    const scale = width / columns.reduce((sum, column) => sum + column.width, 0);
    const header = () => {
      const y = doc.y;
      let x = margin;
      doc.font(fonts.bold).fontSize(8.5).fillColor("black");
      for (const column of columns) {
        doc.text(column.title, x, y, { width: column.width * scale - 4, align: column.align, lineBreak: false });
        x += column.width * scale;
      }
      doc.moveTo(margin, y + 12).lineTo(margin + width, y + 12).lineWidth(0.8).strokeColor("black").stroke();
      doc.y = y + 16;
    };
    const ensureRoom = (height: number) => {
      if (doc.y + height <= bottom()) return;
      doc.addPage();
      doc.font(fonts.regular).fontSize(8).fillColor(grey).text(`${printable(report.title)}: ${heading}, continued`, margin, margin, { width });
      doc.y = margin + 16;
      header();
    };
    header();
    for (const { row, bold, section } of rows) {
      doc.font(bold || section ? fonts.bold : fonts.regular).fontSize(8.5).fillColor("black");
      if (section !== undefined) {
        ensureRoom(30);
        doc.y += 4;
        doc.text(printable(section), margin, doc.y, { width });
        doc.y += 2;
        continue;
      }
      const cells = columns.map((column) => printable(column.cell(row)));
      const height = Math.max(...columns.map((column, i) => doc.heightOfString(cells[i]!, { width: column.width * scale - 4 })));
      ensureRoom(height + 6);
      const y = doc.y;
      let x = margin;
      columns.forEach((column, i) => {
        doc.text(cells[i]!, x, y, { width: column.width * scale - 4, align: column.align });
        x += column.width * scale;
      });
      doc.moveTo(margin, y + height + 2).lineTo(margin + width, y + height + 2).lineWidth(0.4).strokeColor(rule).stroke();
      doc.y = y + height + 5;
    }
  };

  type Figures = { label: string } & TimeReport["totals"];
  const figureColumns: PdfColumn<Figures>[] = [
    { title: groupingLabels[filter.groupBy], width: 280, align: "left", cell: (r) => r.label },
    { title: "Hours", width: 80, align: "right", cell: (r) => formatMinutes(r.minutes) },
    { title: "Billable hours", width: 90, align: "right", cell: (r) => formatMinutes(r.billableMinutes) },
    { title: "Entries", width: 65, align: "right", cell: (r) => String(r.entries) },
  ];
  const total = { row: { label: "Total", ...summary.totals }, bold: true };

  if (kind === "summary") {
    table(figureColumns, [...summary.rows.map((r) => ({ row: { ...r, label: rowLabel(r.label, filter.groupBy) } })), total]);
  } else {
    const entryColumns: PdfColumn<ReportEntry>[] = [
      { title: "Date", width: 70, align: "left", cell: (e) => e.date },
      { title: "Person", width: 110, align: "left", cell: (e) => e.person },
      { title: "Project", width: 120, align: "left", cell: (e) => (e.client ? `${e.project} (${e.client})` : e.project) },
      { title: "Task", width: 80, align: "left", cell: (e) => e.task ?? "" },
      { title: "Notes", width: 250, align: "left", cell: (e) => e.notes ?? "" },
      { title: "Hours", width: 50, align: "right", cell: (e) => formatMinutes(e.minutes) },
      { title: "Billable", width: 50, align: "right", cell: (e) => (e.billable ? "yes" : "no") },
    ];
    // Each group's total from the summary, which groups the same rows by the same label.
    const groupTotals = new Map(summary.rows.map((r) => [rowLabel(r.label, filter.groupBy), r]));
    const rows: { row: ReportEntry; bold?: boolean; section?: string }[] = [];
    let current: string | null = null;
    for (const entry of report.entries) {
      const group = rowLabel(entry.group, filter.groupBy);
      if (group !== current) {
        const figures = groupTotals.get(group);
        rows.push({ row: entry, section: figures ? `${group}: ${formatMinutes(figures.minutes)} h in ${figures.entries} entries` : group });
        current = group;
      }
      rows.push({ row: entry });
    }
    table(entryColumns, rows);
    doc.moveDown(1);
    table([{ ...figureColumns[0]!, title: "" }, ...figureColumns.slice(1)], [total]);
  }
  if (summary.totals.entries === 0) {
    doc.moveDown(0.5);
    doc.font(fonts.regular).fontSize(9).fillColor(grey).text("No time in this range matches.", margin, doc.y, { width });
  }

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(fonts.regular).fontSize(7.5).fillColor(grey).text(`Page ${index - range.start + 1} of ${range.count}`, margin, doc.page.height - margin, {
      width,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return doc;
}
