import { z } from "zod";
import { firstSupportedDay, isCalendarDay, lastSupportedDay } from "~/kernel/clock/weeks";

/**
 * The primitives every form, query parameter and API body is parsed with, so odd
 * input is refused with a message on its field before it reaches a model or
 * Postgres (which refuses a NUL byte in text with an error, not a row).
 */

// C0 controls and DEL, except tab and the line breaks a textarea sends.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A string with no control characters; chain trim, min and max as with z.string(). */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => !controlCharacter.test(value), {
    error: "Remove the control characters (such as a NUL byte) from this text",
    abort: true,
  });
}

export const supportedDaysMessage = `Use a date from ${firstSupportedDay} to ${lastSupportedDay}`;

const dayShape = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar day, 'YYYY-MM-DD', within the years the product keeps time for: the
 * field's `message` for anything else, except a year out of range, which says the
 * range. A form may say "that date doesn't exist" for 2026-02-30 instead.
 */
export function day(message = "Enter a date as YYYY-MM-DD", options: { nonexistent?: string } = {}) {
  return z
    .string({ error: message })
    .regex(dayShape, { error: message, abort: true })
    .refine((value) => value >= firstSupportedDay && value <= lastSupportedDay, { error: supportedDaysMessage, abort: true })
    .refine(isCalendarDay, { error: options.nonexistent ?? message });
}

export const teamNameField = text({ error: "Enter a team name" })
  .trim()
  .min(1, "Enter a team name")
  .max(100, "Use at most 100 characters");
