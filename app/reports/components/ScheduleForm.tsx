import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { Button } from "~/components/Button";
import { CheckboxGroup, FormErrors, Select } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";

/**
 * The report schedule form, for creating and editing: which saved report, weekly
 * on a weekday or monthly on a day, the hour on the company's clock, and who
 * receives it. The server checks again what only it can know (the report and the
 * people exist, the hour exists on every run day in the company's timezone).
 */
export const scheduleFormSchema = z
  .object({
    reportId: z.uuid({ error: "Choose a saved report" }),
    frequency: z.enum(["weekly", "monthly"], { error: "Choose weekly or monthly" }),
    weekday: z.number({ error: "Choose a day of the week" }).int().min(1).max(7, "Choose a day of the week").optional(),
    monthDay: z
      .number({ error: "Choose a day of the month" })
      .int()
      .min(1, "Choose a day from 1 to 28")
      .max(28, "Choose a day from 1 to 28: every month has those")
      .optional(),
    hour: z.number({ error: "Choose an hour" }).int().min(0, "Choose an hour").max(23, "Choose an hour"),
    recipientIds: z
      .array(z.uuid({ error: "Choose people from the list" }))
      .max(50, "A report goes to 50 people at most")
      .default([]),
  })
  .superRefine((input, ctx) => {
    if (input.frequency === "weekly" && input.weekday === undefined) {
      ctx.addIssue({ code: "custom", path: ["weekday"], message: "Choose a day of the week" });
    }
    if (input.frequency === "monthly" && input.monthDay === undefined) {
      ctx.addIssue({ code: "custom", path: ["monthDay"], message: "Choose a day of the month" });
    }
    if (input.recipientIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["recipientIds"], message: "Choose at least one person to send the report to" });
    }
  });

export type ScheduleFormValues = z.output<typeof scheduleFormSchema>;

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
  const [form, fields] = useValidatedForm(scheduleFormSchema, lastResult);
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
