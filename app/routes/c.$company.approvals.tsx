import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { Table } from "~/components/Table";
import { dayLabel, mediumDayLabel } from "~/time/components/labels";
import { Writable } from "~/components/ReadOnly";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { listTeams } from "~/kernel/teams/teams.server";
import { getCompanyCalendar, setLockedUntil } from "~/time/rules.server";
import { entriesOfTimesheets, listWaitingTimesheets, transitionTimesheets } from "~/time/timesheets.server";
import { can } from "~/kernel/permissions";
import { formatMinutes } from "~/kernel/clock/duration";
import { todayIn } from "~/kernel/clock/weeks";
import { readForm } from "~/routing/forms.server";
import timeStyles from "~/styles/time.css";

export const meta: MetaFunction = () => [{ title: "Approvals · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: timeStyles }];

const filterSchema = z.object({
  team: z.uuid().nullable().catch(null),
  week: day().nullable().catch(null),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "timesheet:approve");
  const search = new URL(request.url).searchParams;
  const filter = filterSchema.parse({ team: search.get("team"), week: search.get("week"), page: search.get("page") ?? 1 });
  return context.withTenant(member.tenant, async (tx) => {
    const waiting = await listWaitingTimesheets(tx, { teamId: filter.team, weekStart: filter.week, page: filter.page });
    const entries = await entriesOfTimesheets(tx, waiting.sheets.map((sheet) => sheet.id));
    const calendar = await getCompanyCalendar(tx);
    return {
      ...waiting,
      entries: Object.fromEntries(entries),
      filter,
      teams: (await listTeams(tx)).map((team) => ({ id: team.id, label: team.name })),
      lockedUntil: calendar.lockedUntil,
      today: todayIn(calendar.timezone),
      mayLock: can(member.company.role, "time:lock"),
    };
  });
}

const decisionSchema = z.object({
  intent: z.enum(["approve", "reject"]),
  ids: z.array(z.uuid()).min(1).max(200),
  comment: text().trim().max(2000).optional(),
});

const lockSchema = z.object({ intent: z.literal("lock"), lockedUntil: day().or(z.literal("")) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "timesheet:approve");
  const form = await readForm(request);
  if (form.get("intent") === "lock") {
    await requirePermission(member, "time:lock");
    const lock = lockSchema.safeParse({ intent: "lock", lockedUntil: form.get("lockedUntil") ?? "" });
    if (!lock.success) return data({ ok: false, message: "Enter the last day to lock, like 2026-10-31." }, { status: 400 });
    const day = lock.data.lockedUntil || null;
    return context.withTenant(member.tenant, async (tx) => {
      const calendar = await getCompanyCalendar(tx);
      if (day && day > todayIn(calendar.timezone)) return data({ ok: false, message: "Lock up to today at the latest." }, { status: 400 });
      await setLockedUntil(tx, day);
      return { ok: true, message: day ? `Time up to ${mediumDayLabel(day)} is locked.` : "No time is locked any more." };
    });
  }
  const selected = form.getAll("ids");
  const decision = decisionSchema.safeParse({ intent: form.get("intent"), ids: selected, comment: form.get("comment") ?? undefined });
  if (!decision.success) {
    const message = selected.length === 0 ? "Select at least one timesheet." : "The approval form could not be read. Reload and try again.";
    return data({ ok: false, message }, { status: 400 });
  }
  const { intent, ids, comment } = decision.data;
  return context.withTenant(member.tenant, async (tx) => {
    const result = await transitionTimesheets(tx, { ids, action: intent, comment });
    if (result === null) throw data("Timesheet not found", { status: 404 });
    if (!result.ok) return data({ ok: false, message: result.message }, { status: 409 });
    const what = result.count === 1 ? "1 timesheet" : `${result.count} timesheets`;
    return { ok: true, message: intent === "approve" ? `Approved ${what}.` : `Sent back ${what}.` };
  });
}

export default function Approvals() {
  const { sheets, hasMore, entries, filter, teams, lockedUntil, today, mayLock } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      {result ? <Notice tone={result.ok ? "success" : "error"}>{result.message}</Notice> : null}

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
