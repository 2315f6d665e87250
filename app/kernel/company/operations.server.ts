import { operation, refused, succeeded } from "../operations";
import { updateCompanySettings } from "./company.server";
import { companySettingsInput } from "./inputs";

/** Name, web address, clock, audit retention, weekly target and reminders; settings left out keep their value. */
export const updateCompanySettingsOperation = operation({
  name: "company.update-settings",
  permission: "company:manage-settings",
  input: companySettingsInput,
  run: async (tx, input) => {
    const { auditRetention, weeklyTargetHours, remindersEnabled, reminderWeekday, reminderHour, ...settings } = input;
    const saved = await updateCompanySettings(tx, {
      ...settings,
      auditRetentionDays: auditRetention === "forever" ? null : Number(auditRetention),
      weeklyTargetMinutes: weeklyTargetHours === undefined ? undefined : Math.round(weeklyTargetHours * 60),
      reminders:
        reminderWeekday === undefined || reminderHour === undefined
          ? undefined
          : { enabled: remindersEnabled, weekday: reminderWeekday, hour: reminderHour },
    });
    return saved.ok ? succeeded({ slug: settings.slug }) : refused(409, saved.message, saved.field);
  },
});
