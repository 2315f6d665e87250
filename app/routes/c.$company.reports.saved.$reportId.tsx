import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getSavedReport } from "~/reports/saved-reports.server";
import { updateSavedReportOperation } from "~/reports/operations.server";
import { formValuesFor, rangeDates } from "~/reports/definition";
import { reportQueryString } from "~/reports/filter";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

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
 * shows; the page's form posts here through a fetcher and shows a refusal beside it.
 */
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    update: intent({
      operation: updateSavedReportOperation,
      fromParams: (params) => ({ reportId: params.reportId }),
      success: ({ id }, member) => ({ toast: "Report updated.", redirectTo: `/c/${member.company.slug}/reports/saved/${id}` }),
    }),
  });
}
