import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { Link } from "~/components/Link";
import { ScheduleForm, scheduleFormSchema } from "~/reports/components/ScheduleForm";
import {
  getReportSchedule,
  listRecipientChoices,
  listSchedulableReports,
  updateReportSchedule,
} from "~/reports/schedules.server";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { scheduleInputOf } from "~/reports/schedule-input";

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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "report:schedule");
  const scheduleId = params.scheduleId ?? "";
  const exists = await context.withTenant(member.tenant, (tx) => getReportSchedule(tx, scheduleId));
  if (!exists) throw data("Scheduled report not found", { status: 404 });
  const submission = await parseSubmission(request, scheduleFormSchema);
  if (submission.status !== "success") return rejected(submission);
  const result = await context.withTenant(member.tenant, (tx) => updateReportSchedule(tx, scheduleId, scheduleInputOf(submission.value)));
  if (!result) throw data("Scheduled report not found", { status: 404 });
  if (!result.ok) return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
  return redirect(`/c/${member.company.slug}/reports/schedules?saved=1`);
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
