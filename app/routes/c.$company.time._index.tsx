import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useRef } from "react";
import { LeaveWarning } from "~/components/LeaveWarning";
import { useWeekAutosave } from "~/time/components/useWeekAutosave";
import { Button } from "~/components/Button";
import { FormErrors, Select } from "~/components/fields";
import { Link } from "~/components/Link";
import { Notice } from "~/components/Notice";
import { mediumDayLabel, statusLabels } from "~/time/components/labels";
import { WeekGrid } from "~/time/components/WeekGrid";
import { Writable } from "~/components/ReadOnly";
import type { Member } from "~/kernel/accounts/session.server";
import { saveWeekOperation, submitWeekOperation, reopenWeekOperation, withdrawWeekOperation, type WeekDone } from "~/time/operations.server";
import { listLoggers, loadWeek } from "~/time/week.server";
import { can } from "~/kernel/permissions";
import { gridErrors } from "~/time/cells";
import { formatMinutes } from "~/kernel/clock/duration";
import { isDay, shiftDay } from "~/kernel/clock/weeks";
import { companyAction, intent } from "~/routing/company-action.server";
import { withPersonTime } from "~/routing/person-time.server";
import timeStyles from "~/styles/time.css";

export const meta: MetaFunction = () => [{ title: "Time · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: timeStyles }];

export async function loader(args: LoaderFunctionArgs) {
  const search = new URL(args.request.url).searchParams;
  const week = search.get("week");
  const requested = week && isDay(week) ? week : null;
  const { member, person, result } = await withPersonTime(args, search.get("person"), async (tx, member, person) => ({
    view: await loadWeek(tx, person.id, requested),
    people: can(member.company.role, "time:log-for-others") ? await listLoggers(tx) : [],
  }));
  return { ...result, person, mayReopen: can(member.company.role, "timesheet:reopen") };
}

/** Back to the week acted on, whoever's it is. */
const weekPage = ({ week, person }: WeekDone, member: Member) =>
  `/c/${member.company.slug}/time?week=${week}${person.isSelf ? "" : `&person=${person.id}`}`;

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    // The grid saving itself as it is edited: answered in place, so the grid keeps focus and typing.
    autosave: intent({ operation: saveWeekOperation, success: (done) => ({ reply: { saved: done.changed } }) }),
    save: intent({
      operation: saveWeekOperation,
      success: (done, member) => ({ toast: done.changed > 0 ? "Your week is saved." : "Nothing changed.", redirectTo: weekPage(done, member) }),
    }),
    submit: intent({
      operation: submitWeekOperation,
      success: (done, member) => ({ toast: "Your week is submitted for approval.", redirectTo: weekPage(done, member) }),
    }),
    withdraw: intent({
      operation: withdrawWeekOperation,
      success: (done, member) => ({ toast: "The week is back to draft: you can change it again.", redirectTo: weekPage(done, member) }),
    }),
    reopen: intent({
      operation: reopenWeekOperation,
      success: (done, member) => ({ toast: "The week is reopened as a draft.", redirectTo: weekPage(done, member) }),
    }),
  });
}

/** An autosave changes only what the grid already shows: reloading would reset the cells being typed in. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export default function WeekPage() {
  const { view, person, people, mayReopen } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const status = view.timesheet?.status ?? "draft";
  const weekLocked = view.lockedUntil !== null && view.weekStart <= view.lockedUntil;
  const query = (week: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("week", week);
    return `?${next.toString()}`;
  };
  const dayViewHref = (day: string) => `day?date=${day}${person.isSelf ? "" : `&person=${person.id}`}`;

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>{person.isSelf ? "Your week" : `${person.name}'s week`}</h1>
          <p className="muted">
            Week of {mediumDayLabel(view.weekStart)} · <span className={`badge status-${status}`}>{statusLabels[status]}</span>
          </p>
        </div>
        <nav aria-label="Weeks" className="week-nav">
          <Link href={query(shiftDay(view.weekStart, -7))}>← Previous week</Link>
          <Link href={query(view.today)}>This week</Link>
          <Link href={query(shiftDay(view.weekStart, 7))}>Next week →</Link>
          <Link href={dayViewHref(view.days.includes(view.today) ? view.today : view.weekStart)}>Day view</Link>
        </nav>
      </div>

      {people.length > 0 ? (
        <Form method="get" className="inline-form">
          <input type="hidden" name="week" value={view.weekStart} />
          <Select label="Person" name="person" defaultValue={person.id} options={people.map((p) => ({ id: p.id, label: p.name }))} />
          <Button type="submit" variant="secondary">
            Open their week
          </Button>
        </Form>
      ) : null}

      {view.timesheet?.comment && status !== "approved" ? (
        <Notice tone="warning">
          Sent back by {view.timesheet.decidedByName ?? "an approver"}: “{view.timesheet.comment}”. Change the week and submit it again.
        </Notice>
      ) : null}
      {status === "submitted" ? <Notice>This week is waiting for approval. Withdraw it to make changes.</Notice> : null}
      {status === "approved" ? <Notice tone="success">This week is approved{view.timesheet?.decidedByName ? ` by ${view.timesheet.decidedByName}` : ""}.</Notice> : null}
      {weekLocked ? <Notice tone="warning">Time up to {mediumDayLabel(view.lockedUntil!)} is locked (payroll close).</Notice> : null}

      {/* A week of its own: edits waiting to be saved belong to the week they were typed in. */}
      <WeekForm key={`${view.weekStart}:${person.id}`} view={view} person={person} mayReopen={mayReopen} dayViewHref={dayViewHref} />

      <section className="stack" aria-labelledby="recent-weeks">
        <h2 id="recent-weeks">Recent weeks</h2>
        {view.recent.length === 0 ? (
          <p className="muted">No timesheets yet.</p>
        ) : (
          <ul className="recent-weeks">
            {view.recent.map((sheet) => (
              <li key={sheet.id} className="recent-week">
                <Link href={query(sheet.weekStart)}>Week of {mediumDayLabel(sheet.weekStart)}</Link>
                <span>{formatMinutes(sheet.totalMinutes)}</span>
                <span className={`badge status-${sheet.status}`}>{statusLabels[sheet.status]}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

type WeekPageData = SerializeFrom<typeof loader>;

function WeekForm({
  view,
  person,
  mayReopen,
  dayViewHref,
}: Pick<WeekPageData, "view" | "person" | "mayReopen"> & { dayViewHref: (day: string) => string }) {
  const errors = gridErrors(useActionData<typeof action>()?.error);
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useWeekAutosave(() => formRef.current);
  const navigation = useNavigation();
  const status = view.timesheet?.status ?? "draft";
  const readOnly = status === "submitted" || status === "approved";
  const closedDays = new Set(view.days.filter((day) => day > view.lastLoggableDay || (view.lockedUntil !== null && day <= view.lockedUntil)));
  const weekLocked = view.lockedUntil !== null && view.weekStart <= view.lockedUntil;
  const busy = navigation.state !== "idle";
  // A new grid whenever the page loads the week afresh, so what is shown is what is
  // stored; but not over edits still being saved, which the new grid would throw away.
  // (An autosave doesn't reload the page, so the grid is then ahead of the loaded week.)
  const storedVersion = `${status}:${view.entries.map((entry) => `${entry.id}:${entry.minutes}:${entry.notes ?? ""}`).join(",")}`;
  const loadedVersion = useRef(storedVersion);
  const shownVersion = useRef(storedVersion);
  if (storedVersion !== loadedVersion.current) {
    loadedVersion.current = storedVersion;
    if (!autosave.unsaved) shownVersion.current = storedVersion;
  }

  return (
    <>
      <LeaveWarning when={autosave.unsaved} message="Some cells aren't saved yet. If you leave now, those changes are lost." />
      <FormErrors errors={[...errors.others, ...autosave.errors.others]} />
      {Object.keys(errors.cells).length > 0 ? (
        <Notice tone="error">Some cells need attention; nothing was saved. Each one says what is wrong.</Notice>
      ) : null}
      <Writable>
        <Form method="post" className="stack" ref={formRef} onSubmit={() => autosave.cancel()}>
          <input type="hidden" name="week" value={view.weekStart} />
          {person.isSelf ? null : <input type="hidden" name="personId" value={person.id} />}
          <WeekGrid
            key={shownVersion.current}
            days={view.days}
            entries={view.entries}
            projects={view.projects}
            previousRows={view.previousRows}
            closedDays={closedDays}
            readOnly={readOnly}
            cellErrors={errors.cells}
            dayViewHref={dayViewHref}
            today={view.today}
            autosave={readOnly ? undefined : autosave}
          />
          <div className="form-actions">
            {readOnly ? null : (
              <>
                <Button type="submit" name="intent" value="save" variant="secondary" isDisabled={busy}>
                  Save
                </Button>
                <Button type="submit" name="intent" value="submit" isDisabled={busy || weekLocked}>
                  {status === "rejected" ? "Save and resubmit week" : "Save and submit week"}
                </Button>
              </>
            )}
            {status === "submitted" ? (
              <Button type="submit" name="intent" value="withdraw" variant="secondary" isDisabled={busy}>
                Withdraw submission
              </Button>
            ) : null}
            {status === "approved" && mayReopen && !weekLocked ? (
              <Button type="submit" name="intent" value="reopen" variant="secondary" isDisabled={busy}>
                Reopen week
              </Button>
            ) : null}
            <span className="muted" role="status">
              {busy || autosave.saving ? "Saving…" : autosave.unsaved ? "Changes not saved yet" : ""}
            </span>
          </div>
        </Form>
      </Writable>
    </>
  );
}
