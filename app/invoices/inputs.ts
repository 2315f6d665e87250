import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { parseMoney } from "~/kernel/catalog/project-fields";
import { taxRateField } from "./fields";
import { preparedFinanceExportSchema } from "./finance-export-form";
import { invoiceSettingsSchema } from "./settings";

/** The invoices' operation inputs; the pages validate their forms with the same schemas in the browser. */
const invoiceId = z.uuid();

export const newInvoiceInput = z
  .object({
    clientId: z.uuid({ error: "Choose a client" }),
    from: day("Enter the first day as YYYY-MM-DD"),
    to: day("Enter the last day as YYYY-MM-DD"),
    projectIds: z.array(z.uuid({ error: "Choose projects from the list" })).default([]),
    groupBy: z.enum(["project-task", "person"], { error: "Choose how time is grouped into lines" }),
  })
  .refine((input) => input.from <= input.to, { path: ["to"], error: "The period ends before it starts" });

const description = text({ error: "Describe the line" })
  .trim()
  .min(1, { error: "Describe the line" })
  .max(500, { error: "Use at most 500 characters" });

const amount = (empty: string) =>
  z.string({ error: empty }).transform((text, ctx) => {
    const parsed = parseMoney(text);
    if (parsed.ok && parsed.value > 0) return parsed.value;
    // Discounts and credits are typed as what they take off, so a minus sign is a mistake too.
    const notPositive = parsed.ok || text.trim().startsWith("-");
    ctx.addIssue({ code: "custom", message: notPositive ? "Enter an amount greater than zero" : parsed.message, input: text });
    return z.NEVER;
  });

/** The forms on an invoice's page; the invoice's id comes from its URL. */
export const addLineForm = z.object({
  description,
  quantity: z
    .number({ error: "Enter a whole number of units" })
    .int({ error: "Enter a whole number of units" })
    .min(1, { error: "Enter at least 1 unit" })
    .max(1_000_000, { error: "Enter at most 1 000 000 units" }),
  unitPrice: amount("Enter the price per unit"),
  taxRate: taxRateField.optional(),
});

export const addDiscountForm = z.object({ description, amount: amount("Enter the amount taken off") });

export const addLineInput = addLineForm.extend({ invoiceId });
export const addDiscountInput = addDiscountForm.extend({ invoiceId });
export const removeLineInput = z.object({ invoiceId, lineId: z.uuid() });

export const invoiceNotesForm = z.object({
  notes: text()
    .max(4000, { error: "Notes are at most 4000 characters" })
    .optional()
    .transform((text) => text ?? null),
});

export const invoiceNotesInput = invoiceNotesForm.extend({ invoiceId });

export const invoiceInput = z.object({ invoiceId });

// Left out, the company's today; the model checks its bounds (decision 023).
const issuedOn = day("Enter the issue date as YYYY-MM-DD").optional();

export const issueInvoiceInput = z.object({ invoiceId, issuedOn });

export const markPaidInput = z.object({ invoiceId, paidOn: day("Enter the day as YYYY-MM-DD").optional() });

export const creditInFullInput = z.object({ invoiceId, issuedOn });

export const creditPartForm = z.object({
  issuedOn,
  description,
  amount: amount("Enter the amount to credit"),
  taxRate: taxRateField.optional(),
});

export const creditPartInput = creditPartForm.extend({ invoiceId });

/**
 * The invoice settings as the form sends them: empty text is "not set", the tax rate
 * a percentage; each value then meets the model's own rule, so the form and an API
 * caller are refused with the same messages.
 */
const { legalName, address, taxId, paymentTermsDays, numberPrefix, numberPadding } = invoiceSettingsSchema.shape;
// Conform sends an emptied field as nothing at all; each rule then sees what the model stores for "not set".
const notSet = <Field extends z.ZodType>(field: Field) => field.optional().transform((value) => value ?? null);

export const invoiceSettingsInput = z.object({
  legalName: notSet(legalName),
  address: notSet(address),
  taxId: notSet(taxId),
  defaultTaxRate: taxRateField,
  paymentTermsDays,
  numberPrefix: numberPrefix.optional().transform((prefix) => prefix ?? ""),
  numberYearlyReset: z.boolean().default(false),
  numberPadding,
});

export const prepareFinanceExportInput = preparedFinanceExportSchema;

export const retryFinanceExportInput = z.object({ exportId: z.uuid() });
