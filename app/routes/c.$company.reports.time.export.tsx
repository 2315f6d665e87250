import type { LoaderFunctionArgs } from "@remix-run/node";
import { fieldErrorsOf } from "~/audit/filter";
import { requireMember, requirePermission } from "~/auth/session.server";
import { reportCsvChunks } from "~/models/time-report.server";
import { parseReportQuery } from "~/time/report-filter";
import { streamInTenant } from "~/utils/tenant-stream.server";

/**
 * The time report's entries as a CSV file, for the same query string as the report
 * page. Streamed from one transaction (see streamInTenant), so the file is the
 * report as of one instant whatever its size, and RLS limits it as it limits the
 * page: a manager's file holds their teams' time and their own.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "report:view");
  const { parsed } = parseReportQuery(new URL(request.url).searchParams, member.company.timezone);
  if (!parsed.success) {
    // A hand-edited link: say what is wrong in words, as the page would beside its fields.
    const problems = Object.entries(fieldErrorsOf(parsed.error)).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
    return new Response(`${problems.join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const filter = parsed.data;
  const body = await streamInTenant(context.withTenant, member.tenant, (tx) => reportCsvChunks(tx, filter), {
    signal: request.signal,
    onError: (error) => context.logger.error({ err: error }, "time report download broke off"),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="time-${filter.from}-${filter.to}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
