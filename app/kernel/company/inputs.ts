import { z } from "zod";
import { companyNameField } from "../accounts/schemas";

/** The company settings' operation input; the settings page validates its form with the same schema in the browser. */
export const timezones = Intl.supportedValuesOf("timeZone");

/** Retention choices, in days; "forever" keeps every entry. */
export const auditRetentionChoices = [
  { id: "forever", label: "Forever" },
  { id: "90", label: "90 days" },
  { id: "365", label: "1 year" },
  { id: "730", label: "2 years" },
  { id: "2555", label: "7 years" },
] as const;

export const companySettingsInput = z.object({
  name: companyNameField,
  slug: z
    .string({ error: "Enter a web address" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1–48 lowercase letters, digits and dashes, not starting or ending with a dash"),
  timezone: z.string({ error: "Choose a timezone" }).refine((tz) => timezones.includes(tz) || tz === "UTC", "Choose a timezone from the list"),
  weekStart: z.coerce.number({ error: "Choose a day" }).int().min(1).max(7),
  auditRetention: z
    .enum(auditRetentionChoices.map((choice) => choice.id), { error: "Choose how long to keep the audit log" })
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
  remindersEnabled: z.boolean().default(false),
  // A form from before reminders existed posts no day or hour: the reminders stay as they are.
  reminderWeekday: z.coerce.number({ error: "Choose a day" }).int().min(1).max(7).optional(),
  reminderHour: z.coerce.number({ error: "Choose an hour" }).int().min(0).max(23).optional(),
});

/** The company security page: two-factor for every member, or not. */
export const twoFactorRequirementInput = z.object({ requireTwoFactor: z.boolean().default(false) });
