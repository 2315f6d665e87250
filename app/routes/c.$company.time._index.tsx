import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Select } from "~/components/fields";
import { Link } from "~/components/Link";
import { Notice } from "~/components/Notice";
import { mediumDayLabel, statusLabels } from "~/time/components/labels";
import { WeekGrid } from "~/time/components/WeekGrid";
import { Writable } from "~/components/ReadOnly";
import { saveWeek } from "~/time/entries.server";
import { getCompanyCalendar } from "~/time/rules.server";
import { ensureTimesheet, transitionTimesheets, type TimesheetAction } from "~/time/timesheets.server";
import { listLoggers, loadWeek } from "~/time/week.server";
import { can } from "~/kernel/permissions";
import { readPostedCells } from "~/time/cells";
import { formatMinutes } from "~/kernel/clock/duration";
import { isDay, shiftDay, weekStartOf } from "~/kernel/clock/weeks";
import { readForm } from "~/routing/forms.server";
import { whoseTime } from "~/time/whose-time.server";
import timeStyles from "~/styles/time.css";

export const meta: MetaFunction = () => [{ title: "Time · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: timeStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { member, personId, personName } = await whoseTime({ request, params, context }, url.searchParams.get("person"));
  const week = url.searchParams.get("week");
  const requested = week && isDay(week) ? week : null;
  const mayLogForOthers = can(member.company.role, "time:log-for-others");
  return context.withTenant(member.tenant, async (tx) => ({
    view: await loadWeek(tx, personId, requested),
    person: { id: personId, name: personName, isSelf: personId === member.user.id },
    people: mayLogForOthers ? await listLoggers(tx) : [],
    mayReopen: can(member.company.role, "timesheet:reopen"),
  }));
}

const intents = ["save", "submit", "withdraw", "reopen"] as const satisfies readonly (TimesheetAction | "save")[];
type Intent = (typeof intents)[number];
const isIntent = (value: unknown): value is Intent => intents.includes(value as Intent);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const person = form.get("person");
  const { member, personId } = await whoseTime({ request, params, context }, typeof person === "string" ? person : null);
  const intent = form.get("intent");
  const week = form.get("week");
  const cells = readPostedCells(form);
  if (!isIntent(intent) || typeof week !== "string" || !isDay(week) || cells === null) {
    throw data("The timesheet form could not be read. Reload the page and try again.", { status: 400 });
  }
  return context.withTenant(member.tenant, async (tx) => {
    const { weekStart } = await getCompanyCalendar(tx);
    if (weekStartOf(week, weekStart) !== week) throw data("That is not the first day of one of the company's weeks.", { status: 400 });
    if (intent === "save" || intent === "submit") {
      const saved = await saveWeek(tx, { userId: personId, weekStart: week, cells });
      if (!saved.ok) return data({ ...saved, notice: null }, { status: saved.formError ? 409 : 400 });
      if (intent === "save") return { ok: true as const, notice: saved.changed > 0 ? "Your week is saved." : "Nothing changed.", cellErrors: {}, formError: null };
    }
    const timesheetId = await ensureTimesheet(tx, personId, week);
    const moved = await transitionTimesheets(tx, { ids: [timesheetId], action: intent });
    if (!moved?.ok) {
      return data({ ok: false as const, formError: moved?.message ?? "This week can't be changed.", cellErrors: {}, notice: null }, { status: 409 });
    }
    const notices: Record<TimesheetAction, string> = {
      submit: "Your week is submitted for approval.",
      withdraw: "The week is back to draft: you can change it again.",
      reopen: "The week is reopened as a draft.",
      approve: "",
      reject: "",
    };
    return { ok: true as const, notice: notices[intent], cellErrors: {}, formError: null };
  });
}

export default function WeekPage() {
  const { view, person, people, mayReopen } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const status = view.timesheet?.status ?? "draft";
  const readOnly = status === "submitted" || status === "approved";
  const closedDays = new Set(view.days.filter((day) => day > view.lastLoggableDay || (view.lockedUntil !== null && day <= view.lockedUntil)));
  const weekLocked = view.lockedUntil !== null && view.weekStart <= view.lockedUntil;
  const busy = navigation.state !== "idle";
  const query = (week: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("week", week);
    return `?${next.toString()}`;
  };
  const dayViewHref = (day: string) => `day?date=${day}${person.isSelf ? "" : `&person=${person.id}`}`;
  // A new grid whenever the saved week changes, so what is shown is what is stored.
  const gridVersion = `${view.weekStart}:${status}:${view.entries.map((entry) => `${entry.id}:${entry.minutes}:${entry.notes ?? ""}`).join(",")}`;

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

      {result?.notice ? <Notice tone="success">{result.notice}</Notice> : null}
      {result?.formError ? <Notice tone="error">{result.formError}</Notice> : null}
      {result && !result.ok && Object.keys(result.cellErrors).length > 0 ? (
        <Notice tone="error">Some cells need attention; nothing was saved. Each one says what is wrong.</Notice>
      ) : null}
      {view.timesheet?.comment && status !== "approved" ? (
        <Notice tone="warning">
          Sent back by {view.timesheet.decidedByName ?? "an approver"}: “{view.timesheet.comment}”. Change the week and submit it again.
        </Notice>
      ) : null}
      {status === "submitted" ? <Notice>This week is waiting for approval. Withdraw it to make changes.</Notice> : null}
      {status === "approved" ? <Notice tone="success">This week is approved{view.timesheet?.decidedByName ? ` by ${view.timesheet.decidedByName}` : ""}.</Notice> : null}
      {weekLocked ? <Notice tone="warning">Time up to {mediumDayLabel(view.lockedUntil!)} is locked (payroll close).</Notice> : null}

      <Writable>
        <Form method="post" className="stack">
          <input type="hidden" name="week" value={view.weekStart} />
          {person.isSelf ? null : <input type="hidden" name="person" value={person.id} />}
          <WeekGrid
            key={gridVersion}
            days={view.days}
            entries={view.entries}
            projects={view.projects}
            previousRows={view.previousRows}
            closedDays={closedDays}
            readOnly={readOnly}
            cellErrors={result && !result.ok ? result.cellErrors : {}}
            dayViewHref={dayViewHref}
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
            {busy ? <span className="muted" role="status">Saving…</span> : null}
          </div>
        </Form>
      </Writable>

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
