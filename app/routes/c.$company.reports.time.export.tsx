import type { LoaderFunctionArgs } from "@remix-run/node";
import { fieldErrorsOf } from "~/audit/filter";
import { buildReportFile, reportFileName } from "~/reports/exports.server";
import { reportFormats, type ReportFormat } from "~/reports/formats";
import { getSavedReport } from "~/reports/saved-reports.server";
import { reportCsvChunks, unknownReportChoices } from "~/reports/time-report.server";
import { isSavedReportId } from "~/reports/definition";
import { parseReportQuery, reportKindOf } from "~/reports/filter";
import { streamInTenant } from "~/routing/tenant-stream.server";
import { companyMember } from "~/routing/company-data.server";

const downloadHeaders = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

/** A refusal in words, as the page would show beside its fields: the link was hand-edited or went stale. */
function refusal(problems: string[], status = 400) {
  return new Response(`${problems.join("\n")}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...downloadHeaders } });
}

/**
 * The time report as a file, for the same query string as the report page plus
 * `format` (csv, the default, xlsx or pdf) and `kind` (summary or detailed; a link
 * without one, as before kinds existed, is the detailed CSV). The detailed CSV is
 * streamed from one transaction (streamInTenant), so the file is the report as of one
 * instant whatever its size; the other files are built whole, within the limits
 * report-exports.server.ts sets. RLS limits every file as it limits the page: a
 * manager's holds their teams' time and their own.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await companyMember({ request, params, context }, "report:view");
  const search = new URL(request.url).searchParams;
  const format = (search.get("format") ?? "csv") as ReportFormat;
  if (!reportFormats.includes(format)) return refusal(["format: Choose CSV, XLSX or PDF"]);
  const kind = search.has("kind") ? reportKindOf(search) : "detailed";
  const { parsed } = parseReportQuery(search, member.company.timezone);
  if (!parsed.success) {
    return refusal(Object.entries(fieldErrorsOf(parsed.error)).map(([field, messages]) => `${field}: ${messages.join(" ")}`));
  }
  const filter = parsed.data;
  const unknown = await context.withTenantRead(member.tenant, (tx) => unknownReportChoices(tx, filter));
  if (Object.keys(unknown).length > 0) {
    return refusal(Object.entries(unknown).map(([field, messages]) => `${field}: ${messages!.join(" ")}`));
  }

  if (kind === "detailed" && format === "csv") {
    const body = await streamInTenant(context.withTenantRead, member.tenant, (tx) => reportCsvChunks(tx, filter), {
      signal: request.signal,
      onError: (error) => context.logger.error({ err: error }, "time report download broke off"),
    });
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${reportFileName(kind, filter, format)}"`,
        ...downloadHeaders,
      },
    });
  }
  // Downloaded from a saved report, the file carries its name; the filters are the URL's all the same.
  const savedId = search.get("saved");
  const built = await context.withTenantRead(member.tenant, async (tx) => {
    const saved = isSavedReportId(savedId) ? await getSavedReport(tx, savedId) : null;
    return buildReportFile(tx, { kind, format, filter, title: saved ? `${member.company.name}: ${saved.name}` : member.company.name });
  });
  // Too many entries for a file built in memory: 413 says the request itself is too large.
  if (!built.ok) return refusal([built.message], 413);
  return new Response(new Uint8Array(built.file.content), {
    headers: {
      "Content-Type": built.file.contentType,
      "Content-Disposition": `attachment; filename="${built.file.filename}"`,
      ...downloadHeaders,
    },
  });
}
