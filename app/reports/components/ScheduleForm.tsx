import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/Button";
import { CheckboxGroup, FormErrors, Select } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { createScheduleInput } from "../inputs";

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((label, index) => ({
  id: String(index + 1),
  label,
}));
const monthDays = Array.from({ length: 28 }, (_, index) => ({ id: String(index + 1), label: String(index + 1) }));
const hours = Array.from({ length: 24 }, (_, hour) => ({ id: String(hour), label: `${String(hour).padStart(2, "0")}:00` }));
const frequencies = [
  { id: "weekly", label: "Weekly: the previous full week" },
  { id: "monthly", label: "Monthly: the previous calendar month" },
] as const;

/**
 * The report schedule form, for creating and editing: which saved report, weekly
 * on a weekday or monthly on a day, the hour on the company's clock, and who
 * receives it. The schedule's id, when editing, comes from the URL.
 */
export function ScheduleForm({
  reports,
  recipients,
  timezone,
  lastResult,
  defaults,
  submitLabel,
}: {
  reports: { id: string; label: string }[];
  recipients: { id: string; label: string }[];
  timezone: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaults?: Partial<{ reportId: string; frequency: "weekly" | "monthly"; weekday: number | null; monthDay: number | null; hour: number; recipientIds: string[] }>;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(createScheduleInput, lastResult);
  const submitted = fields.frequency.value;
  const [frequency, setFrequency] = useState<"weekly" | "monthly">(
    submitted === "monthly" || submitted === "weekly" ? submitted : (defaults?.frequency ?? "weekly"),
  );
  const text = (value: number | null | undefined) => (value === null || value === undefined ? undefined : String(value));

  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <FormErrors errors={form.errors} />
      <Select
        label="Saved report"
        name={fields.reportId.name}
        options={reports}
        placeholder="Choose a saved report"
        defaultValue={defaults?.reportId}
        errors={fields.reportId.errors}
        isRequired
        description="Its filters and grouping run over the period just ended."
      />
      <Select
        label="How often"
        name={fields.frequency.name}
        options={frequencies}
        selectedKey={frequency}
        onChange={setFrequency}
        errors={fields.frequency.errors}
        isRequired
      />
      {frequency === "weekly" ? (
        <Select
          label="Day of the week"
          name={fields.weekday.name}
          options={weekdays}
          defaultValue={text(defaults?.weekday) ?? "1"}
          errors={fields.weekday.errors}
          isRequired
        />
      ) : (
        <Select
          label="Day of the month"
          name={fields.monthDay.name}
          options={monthDays}
          defaultValue={text(defaults?.monthDay) ?? "1"}
          errors={fields.monthDay.errors}
          isRequired
          description="1 to 28, so that every month has the day."
        />
      )}
      <Select
        label="Hour"
        name={fields.hour.name}
        options={hours}
        defaultValue={text(defaults?.hour) ?? "8"}
        errors={fields.hour.errors}
        isRequired
        description={`On the company's clock (${timezone}).`}
      />
      <CheckboxGroup
        label="Send to"
        name={fields.recipientIds.name}
        options={recipients}
        defaultValue={defaults?.recipientIds}
        errors={fields.recipientIds.errors}
        description="Active members of the company, up to 50."
      />
      <div>
        <Button type="submit" isPending={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}
