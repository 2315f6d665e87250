import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Checkbox, ReplyErrors, TextField } from "~/components/fields";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { can } from "~/kernel/permissions";
import { listSavedReports } from "~/reports/saved-reports.server";
import { deleteSavedReportOperation, renameSavedReportOperation, saveReportOperation } from "~/reports/operations.server";
import { rangeLabels } from "~/reports/definition";
import { groupingLabels, type ReportGrouping } from "~/reports/filter";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Saved reports · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:view", (tx) => listSavedReports(tx));
  const managesShared = can(member.company.role, "report:manage-shared");
  return {
    base: `/c/${member.company.slug}/reports`,
    reports: result.map((report) => ({ ...report, mayDelete: report.mine || (report.shared && managesShared) })),
  };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    // From the report page: the saved report opens, under its name.
    create: intent({
      operation: saveReportOperation,
      success: ({ id }, member) => ({ toast: "Report saved.", redirectTo: `/c/${member.company.slug}/reports/saved/${id}` }),
    }),
    rename: intent({ operation: renameSavedReportOperation, success: () => ({ toast: "Report saved." }) }),
    delete: intent({ operation: deleteSavedReportOperation, success: () => ({ toast: "Report deleted." }) }),
  });
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
      <ReplyErrors reply={lastResult} />

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
