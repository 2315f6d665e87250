import { createReadableStreamFromReadable, data, type LoaderFunctionArgs } from "@remix-run/node";
import { getAuditExport, isDownloadable } from "~/kernel/files/exports.server";
import { withCompany } from "~/routing/company-data.server";

const contentTypes = { csv: "text/csv; charset=utf-8", jsonl: "application/jsonl; charset=utf-8" } as const;

/**
 * The file of a finished export, to owners and admins of its company. Another
 * company's export, or one that isn't finished, is "not found"; an expired one is
 * gone (410), whether or not the cleanup has deleted its file yet.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { member, result: entry } = await withCompany(args, "audit:export", (tx) => getAuditExport(tx, args.params.exportId ?? ""));
  if (!entry || (entry.status !== "done" && entry.status !== "expired")) throw data("Export not found", { status: 404 });
  if (!isDownloadable(entry) || !entry.fileKey) throw data("This export has expired. Request a new one.", { status: 410 });
  const file = await args.context.files.read(entry.fileKey);
  if (!file) throw data("This export's file is no longer available. Request a new one.", { status: 410 });
  const filename = `audit-log-${member.company.slug}-${entry.fromDate}-to-${entry.toDate}.${entry.format}`;
  return new Response(createReadableStreamFromReadable(file), {
    headers: {
      "Content-Type": contentTypes[entry.format],
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
