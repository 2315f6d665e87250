import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { ScheduleForm, scheduleFormSchema } from "~/reports/components/ScheduleForm";
import { createReportSchedule, listRecipientChoices, listSchedulableReports } from "~/reports/schedules.server";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { scheduleInputOf } from "~/reports/schedule-input";

export const meta: MetaFunction = () => [{ title: "New scheduled report · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:schedule", async (tx) => ({
    reports: await listSchedulableReports(tx),
    recipients: await listRecipientChoices(tx),
  }));
  return { ...result, timezone: member.company.timezone, slug: member.company.slug };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "report:schedule");
  const submission = await parseSubmission(request, scheduleFormSchema);
  if (submission.status !== "success") return rejected(submission);
  const result = await context.withTenant(member.tenant, (tx) => createReportSchedule(tx, scheduleInputOf(submission.value)));
  if (!result.ok) return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
  return redirect(`/c/${member.company.slug}/reports/schedules?created=1`);
}

export default function NewSchedule() {
  const { reports, recipients, timezone, slug } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>New scheduled report</h1>
        <Link href={`/c/${slug}/reports/schedules`}>Back to scheduled reports</Link>
      </div>
      {reports.length === 0 ? (
        <EmptyState title="No saved reports yet">
          <p>
            Save a report first: run it on the <Link href={`/c/${slug}/reports/time`}>reports page</Link> and save it under a
            name. Then schedule it here.
          </p>
        </EmptyState>
      ) : (
        <ScheduleForm reports={reports} recipients={recipients} timezone={timezone} lastResult={lastResult} submitLabel="Schedule report" />
      )}
    </div>
  );
}
