import { z } from "zod";
import { timezones } from "../company/inputs";
import { emailField, personNameField } from "./schemas";

/**
 * The profile forms' schemas, used by the account page in the browser and by its
 * actions. `asCompanyChoice` (or nothing) for timezone or locale stores null.
 */

/** The languages offered for dates and numbers; Intl formats each. */
export const localeChoices = [
  { id: "en-US", label: "English (United States)" },
  { id: "en-GB", label: "English (United Kingdom)" },
  { id: "de-DE", label: "Deutsch (Deutschland)" },
  { id: "de-CH", label: "Deutsch (Schweiz)" },
  { id: "fr-FR", label: "Français (France)" },
  { id: "es-ES", label: "Español (España)" },
  { id: "it-IT", label: "Italiano (Italia)" },
  { id: "nl-NL", label: "Nederlands (Nederland)" },
  { id: "pt-BR", label: "Português (Brasil)" },
  { id: "sv-SE", label: "Svenska (Sverige)" },
  { id: "pl-PL", label: "Polski (Polska)" },
  { id: "ja-JP", label: "日本語 (日本)" },
] as const;

/** The choice that stores null: follow the company's timezone, the browser's language. */
export const asCompanyChoice = "as-company";
const asCompany = (value: unknown) => (value === asCompanyChoice || (typeof value === "string" && value.trim() === "") ? undefined : value);

export const profileInput = z.object({
  name: personNameField,
  timezone: z.preprocess(
    asCompany,
    z.string().refine((tz) => timezones.includes(tz) || tz === "UTC", "Choose a timezone from the list").optional(),
  ),
  locale: z.preprocess(
    asCompany,
    z.enum(localeChoices.map((choice) => choice.id), { error: "Choose a language from the list" }).optional(),
  ),
});
export type ProfileInput = z.infer<typeof profileInput>;

export const emailChangeInput = z.object({
  newEmail: emailField,
  password: z.string({ error: "Enter your password to confirm it's you" }).min(1, "Enter your password to confirm it's you").max(1_000),
});
export type EmailChangeInput = z.infer<typeof emailChangeInput>;
