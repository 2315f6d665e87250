import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { Table } from "~/components/Table";
import {
  deleteReportSchedule,
  getReportSchedule,
  listReportSchedules,
  sendReportScheduleNow,
  setReportScheduleEnabled,
} from "~/reports/schedules.server";
import { periodOfRun } from "~/reports/schedule";
import { describeTiming } from "~/reports/schedule-label";
import { withCompany } from "~/routing/company-data.server";
import { formatDateTime } from "~/components/format";
import { readForm } from "~/routing/forms.server";

export const meta: MetaFunction = () => [{ title: "Scheduled reports · Hourbook" }];

const actionSchema = z.object({
  intent: z.enum(["pause", "resume", "delete", "send-now"]),
  scheduleId: z.uuid(),
});

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "report:schedule", (tx) => listReportSchedules(tx));
  return { schedules: result, timezone: member.company.timezone, slug: member.company.slug };
}

const notFound = () => data("Scheduled report not found", { status: 404 });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "report:schedule");
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ tone: "error" as const, notice: "That request wasn't understood. Reload the page and try again." }, { status: 400 });
  const { intent, scheduleId } = parsed.data;
  const { timezone, weekStart } = member.company;

  return context.withTenant(member.tenant, async (tx) => {
    switch (intent) {
      case "pause":
      case "resume": {
        const result = await setReportScheduleEnabled(tx, scheduleId, intent === "resume");
        if (!result) throw notFound();
        if (!result.ok) return data({ tone: "error" as const, notice: result.message }, { status: 400 });
        return { tone: "success" as const, notice: intent === "resume" ? "The schedule runs again." : "The schedule is paused." };
      }
      case "delete": {
        if (!(await deleteReportSchedule(tx, scheduleId))) throw notFound();
        return { tone: "success" as const, notice: "The scheduled report was deleted." };
      }
      case "send-now": {
        const schedule = await getReportSchedule(tx, scheduleId);
        if (!schedule) throw notFound();
        const period = periodOfRun(schedule, new Date(), timezone, weekStart);
        const span = `${period.from} to ${period.to}`;
        if (schedule.lastPeriod && schedule.lastPeriod.from >= period.from) {
          return { tone: "info" as const, notice: `The report for ${span} was already sent; each period goes out once.` };
        }
        await sendReportScheduleNow(tx, scheduleId);
        return { tone: "success" as const, notice: `The report for ${span} is being sent to ${schedule.recipientIds.length} ${schedule.recipientIds.length === 1 ? "person" : "people"}.` };
      }
    }
  });
}

export default function Schedules() {
  const { schedules, timezone, slug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.has("created") ? "The report is scheduled." : searchParams.has("saved") ? "The schedule was saved." : null;
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
      {result?.notice ? <Notice tone={result.tone}>{result.notice}</Notice> : saved ? <Notice tone="success">{saved}</Notice> : null}
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
