import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { day } from "~/kernel/fields";
import { daysBetween } from "~/kernel/clock/weeks";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { planFeature, requirePlanFeature } from "~/billing/features.server";
import { Button } from "~/components/Button";
import { ExportActions, ExportStatus, useExportProgress } from "~/components/ExportStatus";
import { FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState, Notice } from "~/components/Notice";
import { isDownloadable, listAuditExports, requestAuditExport, retryAuditExport } from "~/audit/exports.server";
import { withCompany } from "~/routing/company-data.server";
import { formatDateTime } from "~/components/format";
import { readForm, rejected } from "~/routing/forms.server";

export const meta: MetaFunction = () => [{ title: "Audit exports · Hourbook" }];

/** A year, leap day included: longer exports are slow to write and to open; ask for several. */
const maxSpanDays = 366;
const formats = [
  { id: "csv", label: "CSV (spreadsheets)" },
  { id: "jsonl", label: "JSON Lines (one entry per line)" },
] as const;

const requestSchema = z
  .object({
    intent: z.literal("request"),
    from: day("Enter the first day as YYYY-MM-DD", { nonexistent: "That date doesn't exist" }),
    to: day("Enter the last day as YYYY-MM-DD", { nonexistent: "That date doesn't exist" }),
    format: z.enum(["csv", "jsonl"], { error: "Choose CSV or JSON Lines" }),
  })
  .superRefine((value, ctx) => {
    const span = daysBetween(value.from, value.to);
    if (span < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "The last day can't be before the first" });
    else if (span + 1 > maxSpanDays) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `An export covers at most ${maxSpanDays} days; request several` });
    }
  });

const retrySchema = z.object({ intent: z.literal("retry"), exportId: z.string().min(1).max(100) });

/** Today in the company's timezone, as YYYY-MM-DD (en-CA formats dates that way). */
function todayIn(timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "audit:export", (tx) => listAuditExports(tx));
  const now = new Date();
  const today = todayIn(member.company.timezone);
  const monthAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    exports: result.map(({ fileKey: _fileKey, ...entry }) => ({ ...entry, downloadable: isDownloadable(entry, now) })),
    defaults: { from: monthAgo, to: today, format: "csv" },
    timezone: member.company.timezone,
    basePath: `/c/${member.company.slug}/audit/exports`,
    plan: { ...(await planFeature(args.context, member, "audit-export")), billingPath: `/c/${member.company.slug}/billing` },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "audit:export");
  const form = await readForm(request);
  if (form.get("intent") === "retry") {
    const parsed = retrySchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ notice: "That request wasn't understood." }, { status: 400 });
    // Another company's export is "not found", the same as one that doesn't exist.
    const retried = await context.withTenant(member.tenant, (tx) => retryAuditExport(tx, parsed.data.exportId));
    if (!retried) throw data("Export not found, or not failed", { status: 404 });
    return { notice: "The export will run again." };
  }
  // Exports already made stay downloadable and retryable; only new ones need the plan.
  await requirePlanFeature(context, member, "audit-export");
  const submission = parseWithZod(form, { schema: requestSchema });
  if (submission.status !== "success") return rejected(submission);
  const { from, to, format } = submission.value;
  await context.withTenant(member.tenant, (tx) => requestAuditExport(tx, { fromDate: from, toDate: to, format }));
  return redirect(`/c/${member.company.slug}/audit/exports?requested=1`);
}

export default function AuditExports() {
  const { exports, defaults, timezone, basePath, plan } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(requestSchema, result && !("notice" in result) ? result : null, { defaultValue: defaults });
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
      {result && "notice" in result ? <Notice>{result.notice}</Notice> : null}

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
