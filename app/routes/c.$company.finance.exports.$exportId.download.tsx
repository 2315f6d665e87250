import { createReadableStreamFromReadable, data, type LoaderFunctionArgs } from "@remix-run/node";
import { getAuditExport, isDownloadable } from "~/kernel/files/exports.server";
import { financeExportFilename } from "~/invoices/finance-exports.server";
import { withCompany } from "~/routing/company-data.server";

/**
 * The file of a finance export prepared as a job, to owners, admins and finance of
 * its company, until it expires (the audit exports' rules, decision 010). An audit
 * log export's id is "not found" here, as is another company's.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { result: entry } = await withCompany(args, "invoice:view", (tx) => getAuditExport(tx, args.params.exportId ?? "", "finance"));
  if (!entry || entry.kind === "audit-log" || (entry.status !== "done" && entry.status !== "expired")) {
    throw data("Export not found", { status: 404 });
  }
  if (!isDownloadable(entry) || !entry.fileKey) throw data("This export has expired. Request a new one.", { status: 410 });
  const file = await args.context.files.read(entry.fileKey);
  if (!file) throw data("This export's file is no longer available. Request a new one.", { status: 410 });
  return new Response(createReadableStreamFromReadable(file), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${financeExportFilename(entry.kind, { from: entry.fromDate, to: entry.toDate }, "csv")}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
