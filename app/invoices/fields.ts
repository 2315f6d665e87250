import { z } from "zod";
import type { InvoiceStatus } from "./invoice-states";
import { shiftDay, type Day } from "~/kernel/clock/weeks";

/**
 * What the invoice pages' forms share: tax rates typed as percentages (19, 7.5)
 * and stored as basis points, and the period a new invoice starts with.
 */

// Up to two decimals of a percent is a whole number of basis points, so nothing rounds.
const percent = /^(\d{1,3})(?:[.,](\d{1,2}))?$/;

/** "19" → 1900, "7.5" → 750, "0" → 0; null when it isn't a rate from 0 to 100 %. */
export function parseTaxRate(input: string): number | null {
  const match = percent.exec(input.trim().replace(/\s*%$/, ""));
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

/** 1900 → "19", 750 → "7.5": how a rate is shown and typed back. */
export function percentOf(bp: number): string {
  return String(bp / 100);
}

export const taxRateField = z
  .string({ error: "Enter the tax rate, such as 19 or 7.5" })
  .transform((text, ctx) => {
    const bp = parseTaxRate(text);
    if (bp !== null) return bp;
    ctx.addIssue({ code: "custom", message: "Enter a tax rate from 0 to 100, such as 19 or 7.5", input: text });
    return z.NEVER;
  });

/** The calendar month before the one `today` is in: the period most invoices cover. */
export function lastMonth(today: Day): { from: Day; to: Day } {
  const to = shiftDay(`${today.slice(0, 8)}01`, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

export const statusLabels: Record<InvoiceStatus, string> = {
  draft: "Draft",
  issued: "Issued",
  paid: "Paid",
  void: "Void",
};
