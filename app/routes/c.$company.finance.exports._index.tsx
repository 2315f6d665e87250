import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { Member } from "~/kernel/accounts/session.server";
import { Button } from "~/components/Button";
import { ExportActions, ExportStatus, useExportProgress } from "~/components/ExportStatus";
import { ReplyErrors, Select, TextField } from "~/components/fields";
import { Notice } from "~/components/Notice";
import { Table } from "~/components/Table";
import { financeExportChoices, financeExportSchema, maxXlsxRows } from "~/invoices/finance-export-form";
import { lastMonth } from "~/invoices/fields";
import { prepareFinanceExportOperation, retryFinanceExportOperation } from "~/invoices/operations.server";
import { isDownloadable, listAuditExports } from "~/kernel/files/exports.server";
import { todayIn } from "~/kernel/clock/weeks";
import { formatDateTime } from "~/components/format";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Finance exports · Hourbook" }];

const formats = [
  { id: "csv", label: "CSV" },
  { id: "xlsx", label: `XLSX (up to ${maxXlsxRows.toLocaleString("en-US")} rows)` },
] as const;

/**
 * The finance exports and a period to download them for. The download itself is a
 * resource route; an export too large for it comes back here with its row count.
 */
export async function loader(args: LoaderFunctionArgs) {
  const query = new URL(args.request.url).searchParams;
  const asked = financeExportSchema.safeParse(Object.fromEntries([...query].filter(([name]) => name !== "rows")));
  const rows = Number(query.get("rows"));
  const now = new Date();
  const { member, result: prepared } = await withCompany(args, "invoice:view", (tx) => listAuditExports(tx, 20, "finance"));
  return {
    exports: prepared.map(({ fileKey: _fileKey, ...entry }) => ({ ...entry, downloadable: isDownloadable(entry, now) })),
    defaults: asked.success ? asked.data : { kind: "time" as const, format: "csv" as const, ...lastMonth(todayIn(member.company.timezone)) },
    tooLarge: asked.success && Number.isSafeInteger(rows) && rows > 0 ? { ...asked.data, rows } : null,
    jobRows: args.context.config.FINANCE_EXPORT_JOB_ROWS,
    timezone: member.company.timezone,
  };
}

/** Back to the list without the too-large notice's query: the file now shows in the list. */
const toExports = (toast: string) => (_: unknown, member: Member) => ({ toast, redirectTo: `/c/${member.company.slug}/finance/exports` });

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    prepare: intent({
      operation: prepareFinanceExportOperation,
      success: toExports("The file is being prepared. You'll get a notification and an email with the link when it's ready."),
    }),
    retry: intent({ operation: retryFinanceExportOperation, success: toExports("The export will run again.") }),
  });
}

export default function FinanceExports() {
  const { defaults, tooLarge, jobRows, exports } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  useExportProgress(exports);

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
          {tooLarge.rows > jobRows ? (
            <Form method="post">
              <input type="hidden" name="intent" value="prepare" />
              <input type="hidden" name="kind" value={tooLarge.kind} />
              <input type="hidden" name="from" value={tooLarge.from} />
              <input type="hidden" name="to" value={tooLarge.to} />
              <Button type="submit" isPending={navigation.state === "submitting"}>
                Prepare the CSV file
              </Button>
            </Form>
          ) : null}
        </Notice>
      ) : null}
      <ReplyErrors reply={reply} />
      <Form method="get" action="download" reloadDocument className="card filters" aria-label="Download an export">
        <Select label="Export" name="kind" defaultValue={defaults.kind} options={financeExportChoices} />
        <TextField label="From" name="from" type="date" defaultValue={defaults.from} />
        <TextField label="To" name="to" type="date" defaultValue={defaults.to} />
        <Select label="Format" name="format" defaultValue={defaults.format} options={formats} />
        <Button type="submit">Download</Button>
      </Form>
      {exports.length > 0 ? (
        <Table label="Prepared files" columns={["Export", "Days", "Requested", "Status", "File"]}>
          {exports.map((entry) => (
            <tr key={entry.id}>
              <td>{financeExportChoices.find((choice) => choice.id === entry.kind)?.label}</td>
              <td>
                {entry.fromDate} to {entry.toDate}
              </td>
              <td>
                {formatDateTime(entry.createdAt)}
                {entry.requesterName ? <div className="muted small">by {entry.requesterName}</div> : null}
              </td>
              <td>
                <ExportStatus entry={entry} unit="rows" />
              </td>
              <td>
                <ExportActions entry={entry} href={`exports/${entry.id}/download`} linkLabel="Download CSV" unit="rows" />
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </div>
  );
}
