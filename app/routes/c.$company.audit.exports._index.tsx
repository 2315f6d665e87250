import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { planFeatureIn } from "~/kernel/company/plan-features.server";
import { Button } from "~/components/Button";
import { ExportActions, ExportStatus, useExportProgress } from "~/components/ExportStatus";
import { FormErrors, ReplyErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState, Notice } from "~/components/Notice";
import { isDownloadable, listAuditExports } from "~/kernel/files/exports.server";
import { requestAuditExportInput } from "~/audit/inputs";
import { requestAuditExportOperation, retryAuditExportOperation } from "~/audit/operations.server";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { formatDateTime } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Audit exports · Hourbook" }];

const formats = [
  { id: "csv", label: "CSV (spreadsheets)" },
  { id: "jsonl", label: "JSON Lines (one entry per line)" },
] as const;

/** Today in the company's timezone, as YYYY-MM-DD (en-CA formats dates that way). */
function todayIn(timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "audit:export", async (tx) => ({
    exports: await listAuditExports(tx),
    plan: await planFeatureIn(tx, args.context.billing, "audit-export"),
  }));
  const now = new Date();
  const today = todayIn(member.company.timezone);
  const monthAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    exports: result.exports.map(({ fileKey: _fileKey, ...entry }) => ({ ...entry, downloadable: isDownloadable(entry, now) })),
    defaults: { from: monthAgo, to: today, format: "csv" },
    timezone: member.company.timezone,
    basePath: `/c/${member.company.slug}/audit/exports`,
    plan: { allowed: result.plan.allowed, includedIn: result.plan.includedIn, billingPath: `/c/${member.company.slug}/billing` },
  };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    request: intent({
      operation: requestAuditExportOperation,
      success: () => ({ toast: "Export requested. You'll get a notification when it's ready." }),
    }),
    retry: intent({ operation: retryAuditExportOperation, success: () => ({ toast: "The export will run again." }) }),
  });
}

export default function AuditExports() {
  const { exports, defaults, timezone, basePath, plan } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // A retry's refusal belongs to its row's button, not to the request form's fields.
  const retryReply = reply?.initialValue?.intent === "retry" ? reply : null;
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(requestAuditExportInput, retryReply ? null : reply, { defaultValue: defaults });
  useExportProgress(exports);

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>Audit exports</h1>
          <p className="muted">
            A file of the audit log for a range of days ({timezone.replaceAll("_", " ")} time). You'll get a notification and
            an email with the link when it's ready.
          </p>
        </div>
        <Link href="..">Back to the audit log</Link>
      </div>
      <ReplyErrors reply={retryReply} />

      {plan.allowed ? (
        <Form method="post" {...getFormProps(form)} className="card filters" aria-label="Request an export">
          <input type="hidden" name="intent" value="request" />
          <FormErrors errors={form.errors} />
          <TextField label="From" name={fields.from.name} type="date" defaultValue={fields.from.initialValue} errors={fields.from.errors} />
          <TextField label="To" name={fields.to.name} type="date" defaultValue={fields.to.initialValue} errors={fields.to.errors} />
          <Select
            label="Format"
            name={fields.format.name}
            defaultValue={fields.format.initialValue ?? "csv"}
            errors={fields.format.errors}
            options={formats}
          />
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Request export
          </Button>
        </Form>
      ) : (
        <Notice tone="info">
          Audit log exports are part of the {plan.includedIn} plan. <Link href={plan.billingPath}>See billing</Link>
        </Notice>
      )}

      {exports.length === 0 ? (
        <EmptyState title="No exports yet" />
      ) : (
        <Table label="Exports" columns={["Days", "Format", "Requested", "Status", "File"]}>
              {exports.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    {entry.fromDate} to {entry.toDate}
                  </td>
                  <td>{entry.format === "csv" ? "CSV" : "JSON Lines"}</td>
                  <td>
                    {formatDateTime(entry.createdAt)}
                    {entry.requesterName ? <div className="muted small">by {entry.requesterName}</div> : null}
                  </td>
                  <td>
                    <ExportStatus entry={entry} unit="entries" />
                  </td>
                  <td>
                    <ExportActions entry={entry} href={`${basePath}/${entry.id}/download`} linkLabel="Download" unit="entries" />
                  </td>
                </tr>
              ))}
            </Table>
      )}
    </div>
  );
}
