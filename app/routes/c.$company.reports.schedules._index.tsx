import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { ReplyErrors } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { listReportSchedules } from "~/reports/schedules.server";
import {
  deleteScheduleOperation,
  pauseScheduleOperation,
  resumeScheduleOperation,
  sendScheduleNowOperation,
} from "~/reports/operations.server";
import { describeTiming } from "~/reports/schedule-label";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { formatDateTime } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Scheduled reports · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:schedule", (tx) => listReportSchedules(tx));
  return { schedules: result, timezone: member.company.timezone, slug: member.company.slug };
}

const people = (count: number) => `${count} ${count === 1 ? "person" : "people"}`;

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    pause: intent({ operation: pauseScheduleOperation, success: () => ({ toast: "The schedule is paused." }) }),
    resume: intent({ operation: resumeScheduleOperation, success: () => ({ toast: "The schedule runs again." }) }),
    delete: intent({ operation: deleteScheduleOperation, success: () => ({ toast: "The scheduled report was deleted." }) }),
    "send-now": intent({
      operation: sendScheduleNowOperation,
      success: ({ period, alreadySent, recipients }) => {
        const span = `${period.from} to ${period.to}`;
        return {
          toast: alreadySent
            ? `The report for ${span} was already sent; each period goes out once.`
            : `The report for ${span} is being sent to ${people(recipients)}.`,
        };
      },
    }),
  });
}

export default function Schedules() {
  const { schedules, timezone, slug } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>Scheduled reports</h1>
        <Link href={`/c/${slug}/reports/schedules/new`}>Schedule a report</Link>
      </div>
      <p className="muted">
        Saved reports emailed to members for the period just ended, with the report attached as CSV. Times are on the
        company's clock ({timezone}). Failed runs show on the <Link href={`/c/${slug}/jobs`}>background jobs</Link> page, where
        owners and admins can retry them.
      </p>
      <ReplyErrors reply={reply} />
      {schedules.length === 0 ? (
        <EmptyState title="No scheduled reports yet">
          <p>
            Send a saved report every week or month to the people who need it.{" "}
            <Link href={`/c/${slug}/reports/schedules/new`}>Schedule the first one</Link>.
          </p>
        </EmptyState>
      ) : (
        <Table label="Scheduled reports" columns={["Report", "When", "Recipients", "Next run", "Last period sent", "Actions"]}>
          {schedules.map((schedule) => {
            const name = schedule.reportName ?? `${schedule.creatorName}'s private report`;
            return (
              <tr key={schedule.id}>
                <td>
                  <Link href={`/c/${slug}/reports/schedules/${schedule.id}`} aria-label={`Edit the schedule of ${name}`}>
                    {name}
                  </Link>
                  <div className="muted small">Runs as {schedule.creatorName}</div>
                </td>
                <td>{describeTiming(schedule)}</td>
                <td>{schedule.recipientNames.join(", ")}</td>
                <td suppressHydrationWarning>{schedule.nextRunAt ? formatDateTime(schedule.nextRunAt, timezone) : "Paused"}</td>
                <td>{schedule.lastPeriod ? `${schedule.lastPeriod.from} to ${schedule.lastPeriod.to}` : "Not sent yet"}</td>
                <td className="actions">
                  <ActionButton intent="send-now" values={{ scheduleId: schedule.id }} label={`Send ${name} for the last period now`}>
                    Send last period now
                  </ActionButton>
                  <ActionButton
                    intent={schedule.enabled ? "pause" : "resume"}
                    values={{ scheduleId: schedule.id }}
                    label={`${schedule.enabled ? "Pause" : "Resume"} the schedule of ${name}`}
                  >
                    {schedule.enabled ? "Pause" : "Resume"}
                  </ActionButton>
                  <ConfirmDialog
                    trigger="Delete"
                    title={`Delete the schedule of ${name}?`}
                    confirmLabel="Delete schedule"
                    intent="delete"
                    values={{ scheduleId: schedule.id }}
                  >
                    <p>Nobody will receive this report any more. The saved report itself stays.</p>
                  </ConfirmDialog>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </div>
  );
}
