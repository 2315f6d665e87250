import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { day } from "~/kernel/fields";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { ReplyErrors, Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { dayLabel, mediumDayLabel } from "~/time/components/labels";
import { Writable } from "~/components/ReadOnly";
import { listTeams } from "~/kernel/teams/teams.server";
import { approveTimesheetsOperation, lockTimeOperation, sendBackTimesheetsOperation } from "~/time/operations.server";
import { getCompanyCalendar } from "~/time/rules.server";
import { entriesOfTimesheets, listWaitingTimesheets } from "~/time/timesheets.server";
import { can } from "~/kernel/permissions";
import { formatMinutes } from "~/kernel/clock/duration";
import { todayIn } from "~/kernel/clock/weeks";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";
import timeStyles from "~/styles/time.css";

export const meta: MetaFunction = () => [{ title: "Approvals · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: timeStyles }];

const filterSchema = z.object({
  team: z.uuid().nullable().catch(null),
  week: day().nullable().catch(null),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader(args: LoaderFunctionArgs) {
  const search = new URL(args.request.url).searchParams;
  const filter = filterSchema.parse({ team: search.get("team"), week: search.get("week"), page: search.get("page") ?? 1 });
  const { member, result } = await withCompany(args, "timesheet:approve", async (tx) => {
    // Sent together, one round trip on Postgres; only the entries wait for the sheets.
    const [waiting, calendar, teams] = await Promise.all([
      listWaitingTimesheets(tx, { teamId: filter.team, weekStart: filter.week, page: filter.page }),
      getCompanyCalendar(tx),
      listTeams(tx),
    ]);
    const entries = await entriesOfTimesheets(tx, waiting.sheets.map((sheet) => sheet.id));
    return {
      ...waiting,
      entries: Object.fromEntries(entries),
      teams: teams.map((team) => ({ id: team.id, label: team.name })),
      lockedUntil: calendar.lockedUntil,
      today: todayIn(calendar.timezone),
    };
  });
  return { ...result, filter, mayLock: can(member.company.role, "time:lock") };
}

const timesheets = (count: number) => (count === 1 ? "1 timesheet" : `${count} timesheets`);

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    approve: intent({ operation: approveTimesheetsOperation, success: ({ count }) => ({ toast: `Approved ${timesheets(count)}.` }) }),
    reject: intent({ operation: sendBackTimesheetsOperation, success: ({ count }) => ({ toast: `Sent back ${timesheets(count)}.` }) }),
    lock: intent({
      operation: lockTimeOperation,
      success: ({ lockedUntil }) => ({ toast: lockedUntil ? `Time up to ${mediumDayLabel(lockedUntil)} is locked.` : "No time is locked any more." }),
    }),
  });
}

export default function Approvals() {
  const { sheets, hasMore, entries, filter, teams, lockedUntil, today, mayLock } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busy = navigation.state !== "idle";
  const pageHref = (page: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>Approvals</h1>
      </div>
      <ReplyErrors reply={reply} />

      <Form method="get" className="inline-form filters">
        <Select label="Team" name="team" defaultValue={filter.team ?? "all"} options={[{ id: "all", label: "All teams" }, ...teams]} />
        <TextField label="Week starting" type="date" name="week" defaultValue={filter.week ?? ""} />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filter.team || filter.week ? <Link href=".">Show all</Link> : null}
      </Form>

      {sheets.length === 0 ? (
        <EmptyState title="Nothing waiting for you">Submitted timesheets of the people you approve appear here.</EmptyState>
      ) : (
        <>
          <Writable>
            <Form method="post" id="bulk-decision" className="card inline-form">
              <TextField label="Comment (required to send back)" name="comment" />
              <Button type="submit" name="intent" value="approve" isDisabled={busy}>
                Approve selected
              </Button>
              <Button type="submit" name="intent" value="reject" variant="secondary" isDisabled={busy}>
                Send back selected
              </Button>
            </Form>
          </Writable>
          <Table label="Timesheets waiting for approval" columns={["Select", "Person", "Week", "Hours", "Billable", "Entries", "Decide"]}>
            {sheets.map((sheet) => {
              const who = `${sheet.personName}, week of ${mediumDayLabel(sheet.weekStart)}`;
              return (
                <tr key={sheet.id}>
                  <td>
                    <input type="checkbox" form="bulk-decision" name="ids" value={sheet.id} aria-label={`Select ${who}`} />
                  </td>
                  <td>
                    {sheet.personName}
                    {sheet.teams.length > 0 ? <span className="muted small block">{sheet.teams.join(", ")}</span> : null}
                  </td>
                  <td>{mediumDayLabel(sheet.weekStart)}</td>
                  <td>{formatMinutes(sheet.totalMinutes)}</td>
                  <td>{formatMinutes(sheet.billableMinutes)}</td>
                  <td>
                    <details>
                      <summary>{(entries[sheet.id] ?? []).length} entries</summary>
                      <ul className="approval-entries small">
                        {(entries[sheet.id] ?? []).map((entry) => (
                          <li key={entry.id}>
                            {dayLabel(entry.day)}: {formatMinutes(entry.minutes)} · {entry.projectName}
                            {entry.taskName ? ` · ${entry.taskName}` : ""}
                            {entry.billable ? "" : " (not billable)"}
                            {entry.notes ? ` — ${entry.notes}` : ""}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </td>
                  <td>
                    <span className="form-actions">
                      <ActionButton intent="approve" values={{ ids: sheet.id }} label={`Approve ${who}`} variant="primary">
                        Approve
                      </ActionButton>
                      <ConfirmDialog
                        trigger="Send back"
                        title={`Send back ${who}?`}
                        confirmLabel="Send back"
                        intent="reject"
                        values={{ ids: sheet.id }}
                        variant="primary"
                        fields={<TextField label="What needs to change?" name="comment" isRequired />}
                      >
                        {sheet.personName} is notified with your comment and can change the week and submit it again.
                      </ConfirmDialog>
                    </span>
                  </td>
                </tr>
              );
            })}
          </Table>
          <nav aria-label="Pages of timesheets" className="pager">
            {filter.page > 1 ? <Link href={pageHref(filter.page - 1)}>Previous page</Link> : null}
            {hasMore ? <Link href={pageHref(filter.page + 1)}>Next page</Link> : null}
          </nav>
        </>
      )}

      {mayLock ? (
        <section className="card stack" aria-labelledby="lock-heading">
          <h2 id="lock-heading">Lock period</h2>
          <p className="muted">
            {lockedUntil
              ? `Time up to and including ${mediumDayLabel(lockedUntil)} is locked: nobody can change or submit it.`
              : "No time is locked. Lock a period once payroll for it is closed."}
          </p>
          <Writable>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="lock" />
              <TextField label="Lock all time up to" type="date" name="lockedUntil" defaultValue={lockedUntil ?? ""} description={`Today is ${mediumDayLabel(today)}. Leave empty to unlock everything.`} />
              <Button type="submit" variant="secondary" isDisabled={busy}>
                Save lock date
              </Button>
            </Form>
          </Writable>
        </section>
      ) : null}
    </div>
  );
}
