import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { companyNameField } from "~/kernel/accounts/schemas";
import { Button } from "~/components/Button";
import { Checkbox, FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Notice } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { getCompanySettings, updateCompanySettings } from "~/kernel/company/company.server";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, rejected } from "~/routing/forms.server";

export const meta: MetaFunction = () => [{ title: "Company settings · Hourbook" }];

const timezones = Intl.supportedValuesOf("timeZone");
/** Retention choices, in days; "forever" keeps every entry. */
const retentionChoices = [
  { id: "forever", label: "Forever" },
  { id: "90", label: "90 days" },
  { id: "365", label: "1 year" },
  { id: "730", label: "2 years" },
  { id: "2555", label: "7 years" },
] as const;

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const hours = Array.from({ length: 24 }, (_, hour) => ({ id: String(hour), label: `${String(hour).padStart(2, "0")}:00` }));

const schema = z.object({
  name: companyNameField,
  slug: z
    .string({ error: "Enter a web address" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1–48 lowercase letters, digits and dashes, not starting or ending with a dash"),
  timezone: z.string({ error: "Choose a timezone" }).refine((tz) => timezones.includes(tz) || tz === "UTC", "Choose a timezone from the list"),
  weekStart: z.coerce.number({ error: "Choose a day" }).int().min(1).max(7),
  auditRetention: z
    .enum(retentionChoices.map((choice) => choice.id), { error: "Choose how long to keep the audit log" })
    .default("forever"),
  // Hours with a decimal point or comma ("37.5", "37,5"); left out, the target stays as it is.
  weeklyTargetHours: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().replace(",", ".") || undefined : value),
    z.coerce
      .number({ error: "Enter the hours of a full week, like 40 or 37.5" })
      .min(0, "Enter zero hours or more")
      .max(168, "A week has 168 hours")
      .optional(),
  ),
  // An unticked checkbox posts nothing; a form from before reminders existed posts no day either.
  remindersEnabled: z.literal("on").optional(),
  reminderWeekday: z.coerce.number({ error: "Choose a day" }).int().min(1).max(7).optional(),
  reminderHour: z.coerce.number({ error: "Choose an hour" }).int().min(0).max(23).optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const { result } = await withCompany(args, "company:manage-settings", (tx) => getCompanySettings(tx));
  return { settings: result! };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "company:manage-settings");
  const submission = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejected(submission);
  const { auditRetention, weeklyTargetHours, remindersEnabled, reminderWeekday, reminderHour, ...settings } = submission.value;
  const auditRetentionDays = auditRetention === "forever" ? null : Number(auditRetention);
  const weeklyTargetMinutes = weeklyTargetHours === undefined ? undefined : Math.round(weeklyTargetHours * 60);
  const reminders =
    reminderWeekday === undefined || reminderHour === undefined
      ? undefined
      : { enabled: remindersEnabled === "on", weekday: reminderWeekday, hour: reminderHour };
  const result = await context.withTenant(member.tenant, (tx) =>
    updateCompanySettings(tx, { ...settings, auditRetentionDays, weeklyTargetMinutes, reminders }),
  );
  if (!result.ok) return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
  // The web address may have changed: continue at the new one.
  return redirect(`/c/${submission.value.slug}/settings?saved=1`);
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useValidatedForm(schema, lastResult, {
    defaultValue: {
      ...settings,
      weekStart: String(settings.weekStart),
      auditRetention: settings.auditRetentionDays === null ? "forever" : String(settings.auditRetentionDays),
      weeklyTargetHours: String(settings.weeklyTargetMinutes / 60),
      reminderWeekday: String(settings.reminders.weekday),
      reminderHour: String(settings.reminders.hour),
    },
  });
  return (
    <div className="stack-lg narrow">
      <h1>Company settings</h1>
      {searchParams.get("saved") && !lastResult ? <Notice tone="success">Settings saved.</Notice> : null}
      <Writable>
        <Form method="post" {...getFormProps(form)} className="card stack">
          <FormErrors errors={form.errors} />
          <TextField label="Company name" name={fields.name.name} defaultValue={fields.name.initialValue} errors={fields.name.errors} />
          <TextField
            label="Web address"
            name={fields.slug.name}
            defaultValue={fields.slug.initialValue}
            errors={fields.slug.errors}
            description="Your pages live at /c/<web address>. Changing it breaks old bookmarks."
          />
          <Select
            label="Timezone"
            name={fields.timezone.name}
            defaultValue={fields.timezone.initialValue}
            errors={fields.timezone.errors}
            options={timezones.map((tz) => ({ id: tz, label: tz.replaceAll("_", " ") }))}
            description="Days and weeks of timesheets follow this timezone."
          />
          <Select
            label="Weeks start on"
            name={fields.weekStart.name}
            defaultValue={String(fields.weekStart.initialValue ?? settings.weekStart)}
            errors={fields.weekStart.errors}
            options={weekdays.map((day, index) => ({ id: String(index + 1), label: day }))}
          />
          <TextField
            label="Weekly target (hours)"
            name={fields.weeklyTargetHours.name}
            defaultValue={String(fields.weeklyTargetHours.initialValue ?? "")}
            errors={fields.weeklyTargetHours.errors}
            inputMode="decimal"
            description="A full week's hours: each person's dashboard shows their week against it."
          />
          <fieldset className="stack">
            <legend>Weekly reminders</legend>
            <Checkbox name={fields.remindersEnabled.name} value="on" defaultSelected={settings.reminders.enabled}>
              Remind people of missing time, and send team managers a summary
            </Checkbox>
            <Select
              label="Reminder day"
              name={fields.reminderWeekday.name}
              defaultValue={String(fields.reminderWeekday.initialValue ?? settings.reminders.weekday)}
              errors={fields.reminderWeekday.errors}
              options={weekdays.map((day, index) => ({ id: String(index + 1), label: day }))}
              description="From the week's fifth day on, reminders are about the current week; earlier, about the week just ended."
            />
            <Select
              label="Reminder time"
              name={fields.reminderHour.name}
              defaultValue={String(fields.reminderHour.initialValue ?? settings.reminders.hour)}
              errors={fields.reminderHour.errors}
              options={hours}
              description="In the company's timezone. On a day the clocks skip this hour, reminders go out when it ends."
            />
          </fieldset>
          <Select
            label="Keep the audit log for"
            name={fields.auditRetention.name}
            defaultValue={fields.auditRetention.initialValue ?? "forever"}
            errors={fields.auditRetention.errors}
            options={retentionChoices}
            description="Older entries are removed a few times a day; the removal itself is recorded."
          />
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Save settings
          </Button>
        </Form>
      </Writable>
    </div>
  );
}
