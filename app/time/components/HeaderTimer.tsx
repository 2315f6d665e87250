import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Button as AriaButton, Dialog, DialogTrigger, Heading, Popover } from "react-aria-components";
import { Button } from "~/components/Button";
import { FormErrors, SearchPicker, TextField } from "~/components/fields";
import type { TimerChoices } from "~/time/row-options";
import { clock, useElapsedSeconds, type TimerView } from "./Timer";

interface TimerReply {
  error?: Record<string, string[] | null> | null;
}

const titlePrefix = /^\d+:\d{2}:\d{2} ▶ /;

/** The running time leads the tab's title, so it shows from any tab. */
function useTitleClock(elapsed: number | null) {
  useEffect(() => {
    if (elapsed === null) return;
    document.title = `${clock(elapsed)} ▶ ${document.title.replace(titlePrefix, "")}`;
  }, [elapsed]);
  useEffect(() => () => void (document.title = document.title.replace(titlePrefix, "")), []);
}

/**
 * The timer in the header of every company page: what runs and for how long, stop in
 * one click; or start, with the person's recent work one click away and every project
 * open to them in a searchable picker.
 */
export function HeaderTimer({ companySlug, timer }: { companySlug: string; timer: TimerView | null }) {
  const location = useLocation();
  const action = `/c/${companySlug}/timer?back=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <div className="header-timer" role="group" aria-label="Timer">
      {timer ? <Running timer={timer} action={action} /> : null}
      <StartTimer companySlug={companySlug} action={action} running={Boolean(timer)} />
    </div>
  );
}

function Running({ timer, action }: { timer: TimerView; action: string }) {
  const elapsed = useElapsedSeconds(timer.startedAt);
  useTitleClock(elapsed);
  const stop = useFetcher<TimerReply>();
  const label = timer.taskName ? `${timer.projectName} · ${timer.taskName}` : timer.projectName;
  return (
    <>
      <span className="header-timer-label" title={label}>
        <span className="header-timer-dot" aria-hidden="true" />
        <span className="header-timer-project">{label}</span>
        <span className="header-timer-elapsed" role="timer" aria-label={`Running for ${elapsed === null ? "…" : clock(elapsed)}`}>
          {elapsed === null ? "…" : clock(elapsed)}
        </span>
      </span>
      <stop.Form method="post" action={action}>
        <input type="hidden" name="intent" value="stop-timer" />
        <Button type="submit" variant="secondary" isPending={stop.state !== "idle"}>
          Stop
        </Button>
      </stop.Form>
      <FormErrors errors={stop.data?.error?.[""] ?? undefined} />
    </>
  );
}

function StartTimer({ companySlug, action, running }: { companySlug: string; action: string; running: boolean }) {
  const choices = useFetcher<TimerChoices>();
  const start = useFetcher<TimerReply>();
  const intent = running ? "switch-timer" : "start-timer";
  const errors = start.data?.error;
  const [isOpen, setOpen] = useState(false);
  // A start that went through closes the picker; a refused one keeps it open with its errors.
  const wasSubmitting = useRef(false);
  useEffect(() => {
    if (start.state !== "idle") wasSubmitting.current = true;
    else if (wasSubmitting.current) {
      wasSubmitting.current = false;
      if (!start.data?.error) setOpen(false);
    }
  }, [start.state, start.data]);
  return (
    <DialogTrigger
      isOpen={isOpen}
      onOpenChange={(open) => {
        setOpen(open);
        if (open && choices.state === "idle") choices.load(`/c/${companySlug}/timer`);
      }}
    >
      <AriaButton className={running ? "switcher" : "button button-primary"}>{running ? "Switch" : "Start timer"}</AriaButton>
      <Popover className="popover header-timer-popover" placement="bottom end">
        <Dialog className="stack header-timer-dialog">
          <Heading slot="title" className="header-timer-heading">
            {running ? "Switch the timer to" : "Start a timer"}
          </Heading>
          {!choices.data ? (
            <p className="muted">Loading your projects…</p>
          ) : choices.data.options.length === 0 ? (
            <p className="muted">No project is open to you yet. Ask an admin to add you to one.</p>
          ) : (
            <>
              {choices.data.recent.length > 0 ? (
                <div>
                  <p className="field-label">Continue</p>
                  <ul className="header-timer-recent">
                    {choices.data.recent.map((work) => (
                      <li key={work.row}>
                        <start.Form method="post" action={action}>
                          <input type="hidden" name="intent" value={intent} />
                          <input type="hidden" name="row" value={work.row} />
                          <input type="hidden" name="notes" value={work.notes ?? ""} />
                          <button type="submit" className="link-button">
                            {work.label}
                            {work.notes ? <span className="muted small"> · {work.notes}</span> : null}
                          </button>
                        </start.Form>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <start.Form method="post" action={action} className="stack">
                <input type="hidden" name="intent" value={intent} />
                <FormErrors errors={errors?.[""] ?? undefined} />
                <SearchPicker label="Project" name="row" options={choices.data.options} errors={errors?.row ?? undefined} isRequired />
                <TextField label="Notes" name="notes" errors={errors?.notes ?? undefined} />
                <Button type="submit" isPending={start.state !== "idle"}>
                  {running ? "Switch timer" : "Start timer"}
                </Button>
              </start.Form>
            </>
          )}
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
