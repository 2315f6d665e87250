import { z } from "zod";
import { text } from "~/kernel/fields";

/**
 * The company's invoice details and numbering, as a form sends them and the model
 * checks them (one schema for both). An issued number is always
 * prefix + (year + "-" when numbering restarts yearly) + the counter, zero-padded:
 * a format is only ever these three choices, so none can lack the counter.
 */
const optionalText = (max: number, label: string) =>
  text()
    .trim()
    .max(max, { error: `${label} is at most ${max} characters` })
    .transform((text) => (text === "" ? null : text))
    .nullable();

export const invoiceSettingsSchema = z.object({
  legalName: optionalText(200, "The legal name"),
  address: optionalText(1000, "The address"),
  taxId: optionalText(50, "The tax id"),
  defaultTaxRateBp: z
    .number({ error: "Enter the tax rate" })
    .int({ error: "The tax rate is a whole number of basis points (19 % = 1900)" })
    .min(0, { error: "The tax rate can't be negative" })
    .max(10_000, { error: "The tax rate is at most 100 %" }),
  paymentTermsDays: z
    .number({ error: "Enter the payment terms in days" })
    .int({ error: "Payment terms are whole days" })
    .min(0, { error: "Payment terms can't be negative" })
    .max(365, { error: "Payment terms are at most 365 days" }),
  numberPrefix: z
    .string()
    .regex(/^[A-Za-z0-9._/#-]{0,20}$/, {
      error: "The prefix is up to 20 letters, digits and . _ / # -, without spaces",
    }),
  numberYearlyReset: z.boolean(),
  numberPadding: z
    .number({ error: "Enter how many digits the counter shows" })
    .int({ error: "The counter's width is a whole number of digits" })
    .min(1, { error: "The counter shows at least 1 digit" })
    .max(10, { error: "The counter shows at most 10 digits" }),
});

export type InvoiceSettingsInput = z.input<typeof invoiceSettingsSchema>;
export type InvoiceSettings = z.output<typeof invoiceSettingsSchema>;

/** What a company without saved settings issues with (migration 0008's column defaults). */
export const defaultInvoiceSettings: InvoiceSettings = {
  legalName: null,
  address: null,
  taxId: null,
  defaultTaxRateBp: 0,
  paymentTermsDays: 30,
  numberPrefix: "INV-",
  numberYearlyReset: true,
  numberPadding: 4,
};

/** How the settings' next numbers will read, for the settings page's preview. */
export function sampleNumber(settings: Pick<InvoiceSettings, "numberPrefix" | "numberYearlyReset" | "numberPadding">, year: number, seq = 1) {
  const counter = String(seq).padStart(settings.numberPadding, "0");
  return `${settings.numberPrefix}${settings.numberYearlyReset ? `${year}-` : ""}${counter}`;
}
