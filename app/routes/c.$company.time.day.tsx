import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ReplyErrors } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Writable } from "~/components/ReadOnly";
import type { Member } from "~/kernel/accounts/session.server";
import { formatMinutes } from "~/kernel/clock/duration";
import { isDay, shiftDay } from "~/kernel/clock/weeks";
import { companyAction, intent } from "~/routing/company-action.server";
import { EntryForm } from "~/time/components/EntryForm";
import { longDayLabel, statusLabels } from "~/time/components/labels";
import { RunningTimerPanel, TimerStartForm } from "~/time/components/Timer";
import { listEntries, weekStatus } from "~/time/entries.server";
import { deleteEntryOperation, saveEntryOperation } from "~/time/operations.server";
import { entryFormFields, entryFormInput } from "~/time/inputs";
import { rowOptions } from "~/time/row-options";
import { timerIntents } from "~/routing/timer-intents.server";
import { loadLoggingRules } from "~/time/rules.server";
import { getTimer } from "~/time/timers.server";
import { withPersonTime } from "~/routing/person-time.server";
import type { Person } from "~/time/whose-time.server";
import timeStyles from "~/styles/time.css";
import { replyFor } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Day · Time · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: timeStyles }];

export async function loader(args: LoaderFunctionArgs) {
  const search = new URL(args.request.url).searchParams;
  const date = search.get("date");
  const editId = search.get("edit");
  const { person, result } = await withPersonTime(args, search.get("person"), async (tx, _member, person) => {
    const rules = await loadLoggingRules(tx, person.id);
    const day = date && isDay(date) ? date : rules.today;
    const entries = await listEntries(tx, person.id, day, day);
    return {
      day,
      today: rules.today,
      timezone: rules.calendar.timezone,
      entries,
      editing: withClockSpan(entries.find((entry) => entry.id === editId) ?? null, rules.calendar.timezone),
      status: await weekStatus(tx, person.id, day),
      projects: [...rules.projects.values()],
      timer: person.isSelf ? await getTimer(tx) : null,
    };
  });
  return { ...result, person };
}

/** The day an entry was saved on, whoever's it is (a changed date moves the page with it). */
const dayPage = ({ day, person }: { day: string; person: Person }, member: Member) =>
  `/c/${member.company.slug}/time/day?date=${day}${person.isSelf ? "" : `&person=${person.id}`}`;

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    "save-entry": intent({
      operation: saveEntryOperation,
      form: entryFormInput,
      formFields: entryFormFields,
      success: (saved, member) => ({ toast: saved.added ? "Entry added." : "Entry saved.", redirectTo: dayPage(saved, member) }),
    }),
    "delete-entry": intent({ operation: deleteEntryOperation, success: () => ({ toast: "Entry deleted." }) }),
    ...timerIntents,
  });
}

export default function DayPage() {
  const { day, today, timezone, entries, editing, status, projects, timer, person } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const readOnly = status === "submitted" || status === "approved";
  const total = entries.reduce((sum, entry) => sum + entry.minutes, 0);
  const options = rowOptions(projects);
  const at = (date: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("date", date);
    next.delete("edit");
    return `?${next.toString()}`;
  };
  const editHref = (entryId: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("edit", entryId);
    return `?${next.toString()}`;
  };
  // Each form shows only the errors of its own submission; the others' are the page's.
  const replyTo = (intent: string) => replyFor(reply, { intent });
  const timerReply = replyTo("start-timer") ?? replyTo("switch-timer");
  const pageReply = replyTo("save-entry") || timerReply ? undefined : reply;

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>{person.isSelf ? longDayLabel(day) : `${person.name}: ${longDayLabel(day)}`}</h1>
          <p className="muted">
            {formatMinutes(total)} logged{status ? <span className={`badge status-${status}`}>{statusLabels[status]}</span> : null}
          </p>
        </div>
        <nav aria-label="Days" className="week-nav">
          <Link href={at(shiftDay(day, -1))}>← Previous day</Link>
          <Link href={at(today)}>Today</Link>
          <Link href={at(shiftDay(day, 1))}>Next day →</Link>
          <Link href={`..?week=${day}${person.isSelf ? "" : `&person=${person.id}`}`}>Week view</Link>
        </nav>
      </div>

      <ReplyErrors reply={pageReply} />

      {person.isSelf ? (
        <Writable>
          <section className="card stack" aria-labelledby="timer-heading">
            <h2 id="timer-heading">Timer</h2>
            {timer ? <RunningTimerPanel timer={timer} busy={navigation.state !== "idle"} /> : null}
            <TimerStartForm options={options} running={Boolean(timer)} lastResult={timerReply} />
          </section>
        </Writable>
      ) : null}

      <section className="stack" aria-labelledby="entries-heading">
        <h2 id="entries-heading">Entries</h2>
        {entries.length === 0 ? (
          <EmptyState title="No time on this day">Add an entry below, or start the timer.</EmptyState>
        ) : (
          <ul className="entry-list">
            {entries.map((entry) => (
              <li key={entry.id} className="entry">
                <div>
                  <strong>{entry.taskName ? `${entry.projectName} · ${entry.taskName}` : entry.projectName}</strong>
                  {entry.clientName ? <span className="muted small"> · {entry.clientName}</span> : null}
                  {entry.billable ? null : <span className="badge">Not billable</span>}
                  {entry.notes ? <p className="small">{entry.notes}</p> : null}
                </div>
                <span>
                  {entry.startedAt && entry.endedAt ? <span className="muted small">{clockSpan(entry.startedAt, entry.endedAt, timezone)} · </span> : null}
                  <strong>{formatMinutes(entry.minutes)}</strong>
                </span>
                {readOnly ? (
                  <span />
                ) : (
                  <span className="form-actions">
                    <Link href={editHref(entry.id)} aria-label={`Edit ${entry.projectName}, ${formatMinutes(entry.minutes)}`}>
                      Edit
                    </Link>
                    <ConfirmDialog
                      trigger="Delete"
                      title="Delete this entry?"
                      confirmLabel="Delete entry"
                      intent="delete-entry"
                      values={{ entryId: entry.id, ...(person.isSelf ? {} : { personId: person.id }) }}
                    >
                      {formatMinutes(entry.minutes)} on {entry.projectName} will be removed.
                    </ConfirmDialog>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {readOnly ? (
        <Notice>This week is {status}: its entries can't change.</Notice>
      ) : (
        <EntryForm
          key={editing?.id ?? `new-${day}-${entries.length}`}
          day={day}
          options={options}
          editing={editing}
          lastResult={replyTo("save-entry")}
          personId={person.isSelf ? null : person.id}
        />
      )}
    </div>
  );
}

/** 'HH:MM' in the company's zone, as the times were typed: the same on the server and in any browser. */
function clockTime(at: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(at));
}

function clockSpan(start: string | Date, end: string | Date, timeZone: string) {
  return `${clockTime(start, timeZone)}–${clockTime(end, timeZone)}`;
}

/** An entry logged as start and end is edited as start and end, so saving it doesn't drop them. */
function withClockSpan<Entry extends { startedAt: Date | null; endedAt: Date | null }>(entry: Entry | null, timeZone: string) {
  if (!entry) return null;
  const span = entry.startedAt && entry.endedAt ? { start: clockTime(entry.startedAt, timeZone), end: clockTime(entry.endedAt, timeZone) } : null;
  return { ...entry, span };
}
