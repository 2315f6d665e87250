import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import writeExcelFile from "write-excel-file/node";
import { fieldErrorsOf } from "~/audit/filter";
import { financeExportSchema, maxXlsxRows } from "~/invoices/finance-export-form";
import {
  countFinanceExportRows,
  financeCsvChunks,
  financeExportFilename,
  financeExportTitle,
  financeXlsxRows,
} from "~/invoices/finance-exports.server";
import { streamInTenant } from "~/routing/tenant-stream.server";
import { companyMember } from "~/routing/company-data.server";

const downloadHeaders = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

/**
 * A finance export for a period, straight from the request: CSV streamed from one
 * transaction (streamInTenant, as the time report), XLSX built whole for small
 * files. More rows than FINANCE_EXPORT_JOB_ROWS (or than an XLSX holds in memory
 * comfortably) go back to the exports page, which offers to prepare the file as a
 * job: a GET doesn't start one.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await companyMember({ request, params, context }, "invoice:view");
  const query = new URL(request.url).searchParams;
  const parsed = financeExportSchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) {
    // A hand-edited link: say what is wrong in words, as the page would beside its fields.
    const problems = Object.entries(fieldErrorsOf(parsed.error)).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
    return new Response(`${problems.join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", ...downloadHeaders } });
  }
  const { kind, format, ...period } = parsed.data;
  const rows = await context.withTenantRead(member.tenant, (tx) => countFinanceExportRows(tx, tx.tenant.companyId, kind, period));
  if (rows > context.config.FINANCE_EXPORT_JOB_ROWS || (format === "xlsx" && rows > maxXlsxRows)) {
    const back = new URLSearchParams({ kind, from: period.from, to: period.to, format, rows: String(rows) });
    return redirect(`/c/${member.company.slug}/finance/exports?${back}`);
  }

  if (format === "xlsx") {
    const sheet = await context.withTenantRead(member.tenant, (tx) => financeXlsxRows(tx, kind, period));
    const buffer = await writeExcelFile(sheet, { sheet: financeExportTitle(kind), stickyRowsCount: 1 }).toBuffer();
    return new Response(new Uint8Array(buffer), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${financeExportFilename(kind, period, "xlsx")}"`,
        ...downloadHeaders,
      },
    });
  }
  const body = await streamInTenant(context.withTenantRead, member.tenant, (tx) => financeCsvChunks(tx, kind, period, { rows }), {
    signal: request.signal,
    onError: (error) => context.logger.error({ err: error, kind }, "finance export download broke off"),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${financeExportFilename(kind, period, "csv")}"`,
      ...downloadHeaders,
    },
  });
}
