import type { ReportKind } from "./filter";

/**
 * The files a time report downloads as, and how large a detailed one may be: the
 * page reads these to offer only the files that can be built, the export builds
 * them (app/reports/exports.server.ts).
 */
export const reportFormats = ["csv", "xlsx", "pdf"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportFormatLabels: Record<ReportFormat, string> = { csv: "CSV", xlsx: "XLSX", pdf: "PDF" };

/**
 * Entries a detailed file built in memory may hold. XLSX as finance's exports (its
 * writer holds every cell); a PDF of 5,000 entries is already ~150 pages, past
 * which nobody reads it; CSV only for attachments (the download streams), within
 * what mail accepts.
 */
export const maxDetailedEntries: Record<ReportFormat, number> = { csv: 100_000, xlsx: 20_000, pdf: 5_000 };

/** Why a report is too large for a format, or null when it fits. A summary always fits. */
export function tooLargeFor(kind: ReportKind, format: ReportFormat, entries: number): string | null {
  const limit = maxDetailedEntries[format];
  if (kind === "summary" || entries <= limit) return null;
  const count = (n: number) => n.toLocaleString("en-US");
  return `The detailed report has ${count(entries)} entries; a${format === "xlsx" ? "n" : ""} ${format.toUpperCase()} file holds at most ${count(limit)}. Narrow the dates or filters, or download the summary${format === "csv" ? "" : " or the CSV"}.`;
}
