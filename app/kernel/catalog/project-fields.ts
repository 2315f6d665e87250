import { z } from "zod";
import { text } from "~/kernel/fields";

/**
 * Field rules for clients, projects and tasks, shared by the forms (hints while
 * typing) and the actions (the check that counts), and how their amounts read.
 *
 * Money is kept as integer minor units. Every currency is assumed to have two
 * decimals (cents), JPY and KWD included: a rate typed as 120.50 is stored as 12050
 * whatever the currency, and shown back with two decimals. That keeps the
 * arithmetic exact and the same everywhere; revisit if a client bills in a currency
 * whose customers expect otherwise.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

// Seven whole digits keep the largest rate (9 999 999.99) inside a Postgres integer.
const amount = /^(\d{1,7})(?:[.,](\d{1,2}))?$/;

/** "120", "120.5", "120,50" → minor units. */
export function parseMoney(input: string): Parsed<number> {
  const text = input.trim();
  if (text.startsWith("-")) return { ok: false, message: "A rate can't be negative" };
  const match = amount.exec(text);
  if (!match) return { ok: false, message: "Enter an amount like 120 or 120.50" };
  return { ok: true, value: Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) };
}

/** 12050 → "120.50", 12000 → "120": what the rate field shows for editing. */
export function moneyInputValue(minor: number | null): string {
  if (minor === null) return "";
  const cents = minor % 100;
  return cents === 0 ? String(minor / 100) : `${Math.floor(minor / 100)}.${String(cents).padStart(2, "0")}`;
}

export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    minor / 100,
  );
}

// Six whole digits of hours keep the largest budget inside a Postgres integer of minutes.
const hours = /^(\d{1,6}(?:[.,]\d{1,2})?)$/;

/** A budget typed in hours ("400", "12.5") → whole minutes. */
export function parseBudgetHours(input: string): Parsed<number> {
  const text = input.trim();
  if (text.startsWith("-")) return { ok: false, message: "A budget can't be negative" };
  if (!hours.test(text)) return { ok: false, message: "Enter hours like 400 or 12.5" };
  const minutes = Math.round(Number(text.replace(",", ".")) * 60);
  return minutes > 0 ? { ok: true, value: minutes } : { ok: false, message: "Enter a budget greater than zero, or leave it empty" };
}

/** 750 → "12.5": hours with at most two decimals. */
export function hoursOf(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}

function parsedBy(parse: (text: string) => Parsed<number>) {
  return z
    .string()
    .transform((text, ctx) => {
      const parsed = parse(text);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.message, input: text });
      return z.NEVER;
    })
    .nullish()
    .transform((value) => value ?? null);
}

function optionalText(max: number) {
  return text()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .nullish()
    .transform((text) => text || null);
}

function requiredName(what: string) {
  return text({ error: `Enter a ${what} name` })
    .trim()
    .min(1, `Enter a ${what} name`)
    .max(200, "Use at most 200 characters");
}

/** Known to this runtime's Intl data; the three-letter pattern alone would take "ABC". */
function isKnownCurrency(code: string): boolean {
  return typeof Intl.supportedValuesOf !== "function" || Intl.supportedValuesOf("currency").includes(code);
}

// Rates and budgets are typed as amounts and hours; the fields are named for what
// they parse into, so a parsed form is the model's input as it stands. Optional
// fields also take null, which the public API's JSON sends for "none".
export const clientFields = {
  name: requiredName("client"),
  contactName: optionalText(200),
  contactEmail: z
    .email({ error: "Enter an email address like ana@example.com" })
    .max(254, "Use at most 254 characters")
    .nullish()
    .transform((email) => email ?? null),
  currency: z
    .string({ error: "Enter a currency" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { message: "Use a three-letter currency code such as EUR or USD", abort: true })
    .refine(isKnownCurrency, "Use an ISO currency code such as EUR or USD"),
  hourlyRateMinor: parsedBy(parseMoney),
  billingAddress: optionalText(1000),
  taxId: optionalText(50),
};

export const defaultProjectColor = "#4f46e5";
export const projectAccessChoices = [
  { id: "everyone", label: "Everyone in the company" },
  { id: "assigned", label: "Only assigned people and teams" },
] as const;
export type ProjectAccess = (typeof projectAccessChoices)[number]["id"];

/** The select's value for a project without a client (React Aria keys can't be empty). */
export const noClient = "none";

export const projectFields = {
  clientId: z
    .union([z.literal(noClient), z.uuid()], { error: "Choose a client from the list" })
    .nullish()
    .transform((id) => (id && id !== noClient ? id : null)),
  name: requiredName("project"),
  code: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/,
      "Use up to 20 letters, digits, dots, dashes or underscores, starting with a letter or digit",
    )
    .nullish()
    .transform((code) => code ?? null),
  color: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^#?[0-9a-f]{6}$/, "Use a colour like #2563eb")
    .transform((color) => (color.startsWith("#") ? color : `#${color}`))
    .optional()
    .transform((color) => color ?? defaultProjectColor),
  billable: z.boolean().default(false),
  hourlyRateMinor: parsedBy(parseMoney),
  budgetMinutes: parsedBy(parseBudgetHours),
  access: z.enum(["everyone", "assigned"], { error: "Choose who may log time" }).default("everyone"),
};

export const clientSchema = z.object(clientFields);
export const projectSchema = z.object(projectFields);

export const taskNameField = requiredName("task");
