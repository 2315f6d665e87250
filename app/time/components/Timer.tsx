import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button } from "~/components/Button";
import { FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { HiddenFields } from "~/components/ActionButton";
import { timerFormSchema } from "~/time/entry-form";

export interface TimerView {
  projectName: string;
  taskName: string | null;
  clientName: string | null;
  notes: string | null;
  startedAt: string | Date;
}

/** '1:02:09' from a number of seconds. */
export function clock(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/**
 * Seconds since `startedAt`, ticking each second in the browser; null on the server,
 * which renders without a clock reading (the browser fills it in at once).
 */
export function useElapsedSeconds(startedAt: string | Date): number | null {
  const start = new Date(startedAt).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const interval = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(interval);
  }, []);
  return now === null ? null : Math.max(0, Math.floor((now - start) / 1000));
}

/**
 * The running timer, ticking in the browser. The server only knows when it
 * started, so a reload, another tab or another device shows the same time.
 */
export function RunningTimerPanel({ timer, busy }: { timer: TimerView; busy: boolean }) {
  const elapsed = useElapsedSeconds(timer.startedAt);
  const label = timer.taskName ? `${timer.projectName} · ${timer.taskName}` : timer.projectName;
  return (
    <div className="timer">
      <div>
        <p>
          Running on <strong>{label}</strong>
          {timer.clientName ? <span className="muted"> · {timer.clientName}</span> : null}
        </p>
        {timer.notes ? <p className="small muted">{timer.notes}</p> : null}
      </div>
      <span className="timer-elapsed" aria-label="Time running">
        {elapsed === null ? "…" : clock(elapsed)}
      </span>
      <Form method="post" className="action-form">
        <HiddenFields intent="stop-timer" />
        <Button type="submit" isDisabled={busy}>
          Stop and save
        </Button>
      </Form>
      <Form method="post" className="action-form">
        <HiddenFields intent="discard-timer" />
        <Button type="submit" variant="quiet" isDisabled={busy}>
          Discard
        </Button>
      </Form>
    </div>
  );
}

/** Start a timer; with one running, switch: save it and start the new one. */
export function TimerStartForm({
  options,
  running,
  lastResult,
}: {
  options: { id: string; label: string }[];
  running: boolean;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(timerFormSchema, lastResult, { id: "timer" });
  return (
    <Form method="post" {...getFormProps(form)} className="field-row">
      <FormErrors errors={form.errors} />
      <HiddenFields intent={running ? "switch-timer" : "start-timer"} />
      <Select label={running ? "Switch to" : "Project"} name={fields.row.name} options={options} errors={fields.row.errors} isRequired />
      <TextField label="Notes" name={fields.notes.name} errors={fields.notes.errors} />
      <Button type="submit" variant={running ? "secondary" : "primary"} isPending={navigation.state === "submitting"}>
        {running ? "Switch timer" : "Start timer"}
      </Button>
    </Form>
  );
}
