import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Checkbox, FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Writable } from "~/components/ReadOnly";
import { getCompanySettings } from "~/kernel/company/company.server";
import { auditRetentionChoices, companySettingsInput, timezones } from "~/kernel/company/inputs";
import { updateCompanySettingsOperation } from "~/kernel/company/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";

export const meta: MetaFunction = () => [{ title: "Company settings · Hourbook" }];

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const hours = Array.from({ length: 24 }, (_, hour) => ({ id: String(hour), label: `${String(hour).padStart(2, "0")}:00` }));

export async function loader(args: LoaderFunctionArgs) {
  const { result } = await withCompany(args, "company:manage-settings", (tx) => getCompanySettings(tx));
  return { settings: result! };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    save: intent({
      operation: updateCompanySettingsOperation,
      // The web address may have changed: continue at the new one.
      success: ({ slug }) => ({ toast: "Settings saved.", redirectTo: `/c/${slug}/settings` }),
    }),
  });
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(companySettingsInput, lastResult, {
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
            options={auditRetentionChoices}
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
