import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Checkbox, FormErrors, TextField } from "~/components/fields";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { can } from "~/kernel/permissions";
import { createSavedReport, deleteSavedReport, listSavedReports, updateSavedReport } from "~/reports/saved-reports.server";
import { rangeLabels } from "~/reports/definition";
import { groupingLabels, type ReportGrouping } from "~/reports/filter";
import { definitionToSave, savedReportsActionSchema } from "~/reports/saved-report-form";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, rejected } from "~/routing/forms.server";

export const meta: MetaFunction = () => [{ title: "Saved reports · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:view", (tx) => listSavedReports(tx));
  const managesShared = can(member.company.role, "report:manage-shared");
  return {
    base: `/c/${member.company.slug}/reports`,
    reports: result.map((report) => ({ ...report, mayDelete: report.mine || (report.shared && managesShared) })),
  };
}

/**
 * Saving a new report (from the report page), renaming or sharing one's own, and
 * deleting one's own or, for owners and admins, a shared one. Saving a report needs
 * only the right to run reports: a definition shows each person only what they may
 * see, so sharing one shares no time (decision 021).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "report:view");
  const submission = await parseSubmission(request, savedReportsActionSchema);
  if (submission.status !== "success") return rejected(submission);
  const form = submission.value;
  const base = `/c/${member.company.slug}/reports`;
  switch (form.intent) {
    case "create": {
      const made = definitionToSave(form.query, form.range, todayIn(member.company.timezone), member.company.weekStart);
      if (!made.ok) return rejected(submission, { formErrors: [made.message] });
      const saved = await context.withTenant(member.tenant, (tx) =>
        createSavedReport(tx, { name: form.name, kind: form.kind, definition: made.definition, shared: form.shared }),
      );
      if (!saved.ok) return rejected(submission, { fieldErrors: { [saved.field]: [saved.message] } });
      return redirect(`${base}/saved/${saved.id}`);
    }
    case "rename": {
      const saved = await context.withTenant(member.tenant, (tx) => updateSavedReport(tx, form.reportId, { name: form.name, shared: form.shared }));
      if (saved === null) throw new Response("Not found", { status: 404 });
      if (saved === "not-owner") return rejected(submission, { formErrors: ["Only the person who saved this report can change it"], status: 403 });
      if (!saved.ok) return rejected(submission, { fieldErrors: { [saved.field]: [saved.message] } });
      return redirect(`${base}/saved`);
    }
    case "delete": {
      const outcome = await context.withTenant(member.tenant, (tx) => deleteSavedReport(tx, form.reportId));
      if (outcome === null) throw new Response("Not found", { status: 404 });
      if (outcome === "not-allowed") {
        return rejected(submission, { formErrors: ["Only the person who saved this report, or an owner or admin, can delete it"], status: 403 });
      }
      return redirect(`${base}/saved`);
    }
  }
}

export default function SavedReports() {
  const { reports, base } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>Saved reports</h1>
          <p className="muted">Your own reports, and those shared with everyone in the company. Each shows you only the time you may see.</p>
        </div>
        <Link href={`${base}/time`}>New report</Link>
      </div>
      {/* The new report's form is on the report page: its refusals, field ones too, are shown here. */}
      <FormErrors errors={lastResult?.error ? Object.values(lastResult.error).flatMap((messages) => messages ?? []) : null} />

      {reports.length === 0 ? (
        <EmptyState title="No saved reports yet">
          <p>
            Choose the filters on the <Link href={`${base}/time`}>time report</Link>, then save it under a name to open it again in one click.
          </p>
        </EmptyState>
      ) : (
        <Table label="Saved reports" columns={["Name", "Report", "Period", "Saved by", "Actions"]}>
          {reports.map((report) => (
            <tr key={report.id}>
              <td>
                <Link href={`${base}/saved/${report.id}`}>{report.name}</Link>
                {report.shared ? <span className="muted"> · shared</span> : null}
              </td>
              <td>
                {report.kind === "summary" ? "Summary" : "Detailed"}
                {report.definition ? ` by ${groupingLabels[(report.definition.values.groupBy as ReportGrouping) ?? "person"]?.toLowerCase() ?? "person"}` : ""}
              </td>
              <td>
                {!report.definition
                  ? "Can't be read: save it again"
                  : report.definition.range === "custom"
                    ? `${report.definition.from} to ${report.definition.to}`
                    : rangeLabels[report.definition.range]}
              </td>
              <td>{report.mine ? "You" : report.ownerName}</td>
              <td>
                <div className="inline-form">
                  {report.mine ? (
                    <details>
                      <summary>Rename or share</summary>
                      <Form method="post" className="stack" aria-label={`Rename ${report.name}`}>
                        <input type="hidden" name="intent" value="rename" />
                        <input type="hidden" name="reportId" value={report.id} />
                        <TextField label="Name" name="name" defaultValue={report.name} isRequired />
                        <Checkbox name="shared" value="on" defaultSelected={report.shared}>
                          Shared with the company
                        </Checkbox>
                        <Button type="submit" variant="secondary" isPending={navigation.state === "submitting"}>
                          Save
                        </Button>
                      </Form>
                    </details>
                  ) : null}
                  {report.mayDelete ? (
                    <ConfirmDialog
                      trigger="Delete"
                      title={`Delete “${report.name}”?`}
                      confirmLabel="Delete report"
                      intent="delete"
                      values={{ reportId: report.id }}
                    >
                      <p>
                        {report.shared ? "Everyone in the company loses this shared report" : "The report is gone for good"}; its
                        email schedules stop too. The time it reports on is not touched.
                      </p>
                    </ConfirmDialog>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
