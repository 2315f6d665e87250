import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { ScheduleForm } from "~/reports/components/ScheduleForm";
import { createScheduleOperation } from "~/reports/operations.server";
import { listRecipientChoices, listSchedulableReports } from "~/reports/schedules.server";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "New scheduled report · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:schedule", async (tx) => ({
    reports: await listSchedulableReports(tx),
    recipients: await listRecipientChoices(tx),
  }));
  return { ...result, timezone: member.company.timezone, slug: member.company.slug };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    create: intent({
      operation: createScheduleOperation,
      success: (_, member) => ({ toast: "The report is scheduled.", redirectTo: `/c/${member.company.slug}/reports/schedules` }),
    }),
  });
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
