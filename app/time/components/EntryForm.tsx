import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Writable } from "~/components/ReadOnly";
import { formatMinutes } from "~/kernel/clock/duration";
import { rowKey } from "~/time/cells";
import { billableChoices, entryFormSchema } from "~/time/entry-form";

/** The entry being changed, with its start and end as typed when it was logged that way. */
export interface EditedEntry {
  id: string;
  projectId: string;
  taskId: string | null;
  day: string;
  minutes: number;
  notes: string | null;
  billable: boolean;
  span: { start: string; end: string } | null;
}

/** The day view's form: add an entry, or change the one being edited. */
export function EntryForm({
  day,
  options,
  editing,
  lastResult,
  personId,
}: {
  day: string;
  options: { id: string; label: string }[];
  editing: EditedEntry | null;
  lastResult: SubmissionResult<string[]> | null | undefined;
  /** Another member's day: absent for the member's own. */
  personId: string | null;
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
        {personId ? <input type="hidden" name="personId" value={personId} /> : null}
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
          {editing ? <Link href={`?date=${day}${personId ? `&person=${personId}` : ""}`}>Cancel</Link> : null}
        </div>
      </Form>
    </Writable>
  );
}
