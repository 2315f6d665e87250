import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { ScheduleForm } from "~/reports/components/ScheduleForm";
import { updateScheduleOperation } from "~/reports/operations.server";
import { getReportSchedule, listRecipientChoices, listSchedulableReports } from "~/reports/schedules.server";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Edit scheduled report · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:schedule", async (tx) => {
    const schedule = await getReportSchedule(tx, args.params.scheduleId ?? "");
    if (!schedule) return null;
    const reports = await listSchedulableReports(tx);
    // The creator's private report stays choosable for whoever edits it: it is what the schedule sends.
    if (!reports.some((report) => report.id === schedule.reportId)) {
      reports.unshift({ id: schedule.reportId, label: schedule.reportName ?? `${schedule.creatorName}'s private report` });
    }
    return { schedule, reports, recipients: await listRecipientChoices(tx) };
  });
  if (!result) throw data("Scheduled report not found", { status: 404 });
  return { ...result, timezone: member.company.timezone, slug: member.company.slug };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    update: intent({
      operation: updateScheduleOperation,
      fromParams: (params) => ({ scheduleId: params.scheduleId }),
      success: (_, member) => ({ toast: "The schedule was saved.", redirectTo: `/c/${member.company.slug}/reports/schedules` }),
    }),
  });
}

export default function EditSchedule() {
  const { schedule, reports, recipients, timezone, slug } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>Edit scheduled report</h1>
        <Link href={`/c/${slug}/reports/schedules`}>Back to scheduled reports</Link>
      </div>
      <p className="muted">
        Runs as {schedule.creatorName}, who set it up: the report holds the time they may see.
      </p>
      <ScheduleForm
        reports={reports}
        recipients={recipients}
        timezone={timezone}
        lastResult={lastResult}
        defaults={schedule}
        submitLabel="Save changes"
      />
    </div>
  );
}
