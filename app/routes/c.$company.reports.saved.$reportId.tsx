import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { getSavedReport, updateSavedReport } from "~/reports/saved-reports.server";
import { formValuesFor, isSavedReportId, rangeDates } from "~/reports/definition";
import { reportQueryString } from "~/reports/filter";
import { definitionToSave, updateReportSchema } from "~/reports/saved-report-form";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission } from "~/routing/forms.server";

export { ErrorBoundary } from "~/root";

/**
 * Opening a saved report: its relative range read on today's date in the company's
 * timezone ("last month" is always the month before this one), then the report page
 * with its filters, which runs it over the time the reader may see.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { member, result: report } = await withCompany(args, "report:view", (tx) => getSavedReport(tx, args.params.reportId!));
  if (!report) throw new Response("Not found", { status: 404 });
  const base = `/c/${member.company.slug}/reports`;
  // A definition an older version wrote and this one can't read: show the list, which says so.
  if (!report.definition) return redirect(`${base}/saved`);
  const period = rangeDates(report.definition, todayIn(member.company.timezone), member.company.weekStart);
  const query = reportQueryString(formValuesFor(report.definition, period));
  return redirect(`${base}/time?${query}&kind=${report.kind}&saved=${report.id}`);
}

/**
 * The owner replaces the report's filters, kind and period with what the report page
 * shows. The form has no fields to mark, so a refusal is thrown with its reason and
 * shown as a page, with or without JavaScript.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "report:view");
  // A URL that names no report is not found, whatever the form says.
  if (!isSavedReportId(params.reportId ?? null)) throw new Response("Not found", { status: 404 });
  const submission = await parseSubmission(request, updateReportSchema);
  if (submission.status !== "success") throw data("The report could not be updated: the form was incomplete. Reload the report and try again.", { status: 400 });
  const form = submission.value;
  const made = definitionToSave(form.query, form.range, todayIn(member.company.timezone), member.company.weekStart);
  if (!made.ok) throw data(made.message, { status: 400 });
  const saved = await context.withTenant(member.tenant, (tx) =>
    updateSavedReport(tx, params.reportId!, { kind: form.kind, definition: made.definition }),
  );
  if (saved === null) throw new Response("Not found", { status: 404 });
  if (saved === "not-owner") throw data("Only the person who saved this report can change it.", { status: 403 });
  if (!saved.ok) throw data(saved.message, { status: 409 });
  return redirect(`/c/${member.company.slug}/reports/saved/${saved.id}`);
}
