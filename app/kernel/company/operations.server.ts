import { operation, refused, succeeded } from "../operations";
import { setTwoFactorRequirement, updateCompanySettings } from "./company.server";
import { companySettingsInput, twoFactorRequirementInput } from "./inputs";

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

/**
 * Require two-factor of every member, or stop requiring it. Owners only; the
 * database refuses anyone else too (0032). Members without it are sent to set it up
 * at their next page, and their API tokens answer 403 until they do.
 */
export const setTwoFactorRequirementOperation = operation({
  name: "company.set-two-factor-requirement",
  permission: "company:manage-security",
  input: twoFactorRequirementInput,
  run: async (tx, input) => {
    await setTwoFactorRequirement(tx, input.requireTwoFactor);
    return succeeded({ requireTwoFactor: input.requireTwoFactor });
  },
});
