import { getFormProps, type Submission, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/Button";
import { FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { longDayLabel, statusLabels } from "~/time/components/labels";
import { RunningTimerPanel, TimerStartForm } from "~/time/components/Timer";
import { Writable } from "~/components/ReadOnly";
import { deleteEntry, getEntry, listEntries, weekStatus, writeEntry, type EntryResult } from "~/time/entries.server";
import { loadLoggingRules } from "~/time/rules.server";
import { discardTimer, getTimer, startTimer, stopTimer } from "~/time/timers.server";
import { rowKey } from "~/time/cells";
import { formatMinutes, parseDuration } from "~/kernel/clock/duration";
import { billableChoices, entryFormSchema, minutesBetween, splitRowKey, timerFormSchema, type EntryForm } from "~/time/entry-form";
import { isDay, shiftDay } from "~/kernel/clock/weeks";
import { readForm } from "~/routing/forms.server";
import { whoseTime } from "~/time/whose-time.server";
import timeStyles from "~/styles/time.css";

export const meta: MetaFunction = () => [{ title: "Day · Time · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: timeStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { member, personId, personName } = await whoseTime({ request, params, context }, url.searchParams.get("person"));
  const date = url.searchParams.get("date");
  const editId = url.searchParams.get("edit");
  return context.withTenant(member.tenant, async (tx) => {
    const rules = await loadLoggingRules(tx, personId);
    const day = date && isDay(date) ? date : rules.today;
    const entries = await listEntries(tx, personId, day, day);
    const isSelf = personId === member.user.id;
    return {
      day,
      today: rules.today,
      timezone: rules.calendar.timezone,
      entries,
      editing: withClockSpan(entries.find((entry) => entry.id === editId) ?? null, rules.calendar.timezone),
      status: await weekStatus(tx, personId, day),
      projects: [...rules.projects.values()],
      timer: isSelf ? await getTimer(tx) : null,
      person: { id: personId, name: personName, isSelf },
    };
  });
}

const intentSchema = z.enum(["save-entry", "delete-entry", "start-timer", "stop-timer", "discard-timer"]);

/** Which of the page's forms a reply is for, so each shows only its own errors. */
type FormName = "entry" | "timer";

function replyTo(form: FormName, reply: SubmissionResult<string[]>, status: number) {
  return data({ form, reply, message: null }, { status });
}

function pageMessage(message: string, status = 409) {
  return data({ form: null, reply: null, message }, { status });
}

const done = { form: null, reply: null, message: null };

function entryReply(result: EntryResult, submission: Submission<EntryForm>) {
  if (result.ok) return null;
  const fieldErrors = Object.fromEntries(
    Object.entries(result.fieldErrors).map(([field, message]) => [field === "projectId" || field === "taskId" ? "row" : field, [message]]),
  );
  return replyTo("entry", submission.reply({ fieldErrors, formErrors: result.formError ? [result.formError] : [] }), result.formError ? 409 : 400);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const person = form.get("person");
  const { member, personId } = await whoseTime({ request, params, context }, typeof person === "string" ? person : null);
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw data("Unknown action", { status: 400 });
  const isSelf = personId === member.user.id;
  if (intent.data.endsWith("-timer") && !isSelf) throw data("A timer is only ever your own", { status: 403 });

  return context.withTenant(member.tenant, async (tx) => {
    switch (intent.data) {
      case "save-entry": {
        const submission = parseWithZod(form, { schema: entryFormSchema });
        if (submission.status !== "success") return replyTo("entry", submission.reply(), 400);
        const value = submission.value;
        const existing = value.entryId ? await getEntry(tx, personId, value.entryId) : null;
        if (value.entryId && !existing) throw data("Entry not found", { status: 404 });
        const span = value.duration ? null : { start: value.start!, end: value.end! };
        const parsed = value.duration ? parseDuration(value.duration) : null;
        const minutes = parsed?.ok ? parsed.minutes : minutesBetween(span!.start, span!.end);
        const result = await writeEntry(
          tx,
          personId,
          {
            ...splitRowKey(value.row),
            day: value.day,
            minutes,
            span,
            notes: value.notes || null,
            billable: value.billable === "default" ? undefined : value.billable === "yes",
          },
          existing,
        );
        return entryReply(result, submission) ?? done;
      }
      case "delete-entry": {
        const entryId = z.uuid().safeParse(form.get("entryId"));
        const entry = entryId.success ? await getEntry(tx, personId, entryId.data) : null;
        if (!entry) throw data("Entry not found", { status: 404 });
        const result = await deleteEntry(tx, personId, entry);
        if (!result.ok) return pageMessage(result.formError ?? "This entry can't be deleted.");
        return done;
      }
      case "start-timer": {
        const submission = parseWithZod(form, { schema: timerFormSchema });
        if (submission.status !== "success") return replyTo("timer", submission.reply(), 400);
        const result = await startTimer(tx, { ...splitRowKey(submission.value.row), notes: submission.value.notes || null });
        if (!result.ok) {
          const message = result.formError ?? Object.values(result.fieldErrors)[0] ?? "The timer could not start.";
          const reply = submission.reply({ fieldErrors: result.formError ? {} : { row: [message] }, formErrors: result.formError ? [message] : [] });
          return replyTo("timer", reply, result.formError ? 409 : 400);
        }
        return done;
      }
      case "stop-timer": {
        const result = await stopTimer(tx);
        if (result && !result.ok) return pageMessage(result.formError ?? "The timer could not be stopped.");
        return done;
      }
      case "discard-timer":
        await discardTimer(tx);
        return done;
    }
  });
}

export default function DayPage() {
  const { day, today, timezone, entries, editing, status, projects, timer, person } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const readOnly = status === "submitted" || status === "approved";
  const total = entries.reduce((sum, entry) => sum + entry.minutes, 0);
  const rowOptions = projects.flatMap((project) => {
    const prefix = project.clientName ? `${project.clientName} › ${project.name}` : project.name;
    return project.tasks.length === 0
      ? [{ id: rowKey(project.id, null), label: prefix }]
      : project.tasks.map((task) => ({ id: rowKey(project.id, task.id), label: `${prefix} · ${task.name}` }));
  });
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
  const personField = person.isSelf ? null : <input type="hidden" name="person" value={person.id} />;
  const replyFor = (form: FormName) => (result?.form === form ? result.reply : undefined);

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

      {result?.message ? <Notice tone="error">{result.message}</Notice> : null}

      {person.isSelf ? (
        <Writable>
          <section className="card stack" aria-labelledby="timer-heading">
            <h2 id="timer-heading">Timer</h2>
            {timer ? <RunningTimerPanel timer={timer} busy={navigation.state !== "idle"} /> : null}
            <TimerStartForm options={rowOptions} running={Boolean(timer)} lastResult={replyFor("timer")} />
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
                      values={{ entryId: entry.id, ...(person.isSelf ? {} : { person: person.id }) }}
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
          key={editing?.id ?? `new-${day}`}
          day={day}
          options={rowOptions}
          editing={editing}
          lastResult={replyFor("entry")}
          personField={personField}
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

type Editing = ReturnType<typeof useLoaderData<typeof loader>>["editing"];

function EntryForm({
  day,
  options,
  editing,
  lastResult,
  personField,
}: {
  day: string;
  options: { id: string; label: string }[];
  editing: Editing;
  lastResult: SubmissionResult<string[]> | null | undefined;
  personField: ReactNode;
}) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(entryFormSchema, lastResult, {
    id: editing ? `entry-${editing.id}` : "new-entry",
    defaultValue: editing
      ? {
          row: rowKey(editing.projectId, editing.taskId),
          day: editing.day,
          ...(editing.span ?? { duration: formatMinutes(editing.minutes) }),
          notes: editing.notes ?? "",
          billable: editing.billable ? "yes" : "no",
        }
      : { day },
  });
  return (
    <Writable>
      <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="entry-form-heading">
        <h2 id="entry-form-heading">{editing ? "Change entry" : "Add an entry"}</h2>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="save-entry" />
        {editing ? <input type="hidden" name="entryId" value={editing.id} /> : null}
        {personField}
        <Select label="Project" name={fields.row.name} options={options} defaultValue={fields.row.initialValue} errors={fields.row.errors} isRequired />
        <TextField label="Date" type="date" name={fields.day.name} defaultValue={fields.day.initialValue} errors={fields.day.errors} isRequired />
        <div className="field-row">
          <TextField
            label="Duration"
            name={fields.duration.name}
            defaultValue={fields.duration.initialValue}
            errors={fields.duration.errors}
            description="1:30, 1.5 or 90m; or a start and an end"
            inputMode="decimal"
          />
          <TextField label="Start" name={fields.start.name} defaultValue={fields.start.initialValue} errors={fields.start.errors} description="09:00" />
          <TextField label="End" name={fields.end.name} defaultValue={fields.end.initialValue} errors={fields.end.errors} description="17:30" />
        </div>
        <TextField label="Notes" name={fields.notes.name} defaultValue={fields.notes.initialValue} errors={fields.notes.errors} />
        <Select label="Billable" name={fields.billable.name} options={billableChoices} defaultValue={(fields.billable.initialValue as "default" | "yes" | "no") ?? "default"} />
        <div className="form-actions">
          <Button type="submit" isPending={navigation.state === "submitting"}>
            {editing ? "Save changes" : "Add entry"}
          </Button>
          {editing ? <Link href={`?date=${day}`}>Cancel</Link> : null}
        </div>
      </Form>
    </Writable>
  );
}
