import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/session.server";
import { Button } from "~/components/Button";
import { Select, TextField } from "~/components/fields";
import { Notice } from "~/components/Notice";
import { financeExportChoices, financeExportSchema, maxXlsxRows } from "~/invoices/exports";
import { lastMonth } from "~/invoices/fields";
import { todayIn } from "~/time/weeks";

export const meta: MetaFunction = () => [{ title: "Finance exports · Hourbook" }];

const formats = [
  { id: "csv", label: "CSV" },
  { id: "xlsx", label: `XLSX (up to ${maxXlsxRows.toLocaleString("en-US")} rows)` },
] as const;

/**
 * The finance exports and a period to download them for. The download itself is a
 * resource route; an export too large for it comes back here with its row count.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "invoice:view");
  const query = new URL(request.url).searchParams;
  const asked = financeExportSchema.safeParse(Object.fromEntries([...query].filter(([name]) => name !== "rows")));
  const rows = Number(query.get("rows"));
  return {
    defaults: asked.success ? asked.data : { kind: "time" as const, format: "csv" as const, ...lastMonth(todayIn(member.company.timezone)) },
    tooLarge: asked.success && Number.isSafeInteger(rows) && rows > 0 ? { ...asked.data, rows } : null,
    jobRows: context.config.FINANCE_EXPORT_JOB_ROWS,
    timezone: member.company.timezone,
  };
}

export default function FinanceExports() {
  const { defaults, tooLarge, jobRows } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>Finance exports</h1>
          <p className="muted">
            Invoices, their lines and approved time for a period, as CSV or XLSX. Money is in each row's currency with two
            decimals; exports of more than {jobRows.toLocaleString("en-US")} rows are prepared as a file you're sent a link to.
          </p>
        </div>
      </div>
      {tooLarge ? (
        <Notice tone="info">
          {financeExportChoices.find((choice) => choice.id === tooLarge.kind)?.label} from {tooLarge.from} to {tooLarge.to} has{" "}
          {tooLarge.rows.toLocaleString("en-US")} rows:{" "}
          {tooLarge.format === "xlsx" && tooLarge.rows <= jobRows
            ? `more than an XLSX file holds comfortably (${maxXlsxRows.toLocaleString("en-US")}). Download it as CSV.`
            : "too many to download at once."}
        </Notice>
      ) : null}
      <Form method="get" action="download" reloadDocument className="card filters" aria-label="Download an export">
        <Select label="Export" name="kind" defaultValue={defaults.kind} options={financeExportChoices} />
        <TextField label="From" name="from" type="date" defaultValue={defaults.from} />
        <TextField label="To" name="to" type="date" defaultValue={defaults.to} />
        <Select label="Format" name="format" defaultValue={defaults.format} options={formats} />
        <Button type="submit">Download</Button>
      </Form>
    </div>
  );
}
