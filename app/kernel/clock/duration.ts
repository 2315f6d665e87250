/**
 * Durations as people type them into a timesheet cell, in whole minutes:
 *   1:30   hours and minutes
 *   1.5    decimal hours (a comma works too: 1,5)
 *   90m    minutes
 *   2h, 1h30m, 1h 30 min, 1h30   hours and minutes with units
 * Shared by the week grid (to show totals while typing) and the server (which
 * decides). Decimal hours round to the nearest minute.
 */
export const maxMinutesPerDay = 24 * 60;

export type DurationResult = { ok: true; minutes: number } | { ok: false; message: string };

const clock = /^(\d{1,2}):(\d{2})$/;
const decimalHours = /^(\d{0,2}(?:[.,]\d+)?)$/;
/** '1h30': hours with a unit, minutes without one (only after hours, or '90' would be ambiguous). */
const hoursThenMinutes = /^(\d{1,2})\s*h\s*(\d{1,2})$/;
const withUnits = /^(?:(\d{1,2}(?:[.,]\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,4})\s*m(?:in(?:utes?|s)?)?)?$/;

const notADuration = "Enter a duration like 1:30, 1.5 or 90m";

function hours(text: string): number {
  return Number(text.replace(",", "."));
}

function minutesOf(text: string): number | null {
  const atClock = clock.exec(text);
  if (atClock) {
    const minutes = Number(atClock[2]);
    return minutes < 60 ? Number(atClock[1]) * 60 + minutes : null;
  }
  if (decimalHours.test(text) && /\d/.test(text)) return Math.round(hours(text) * 60);
  const compact = hoursThenMinutes.exec(text);
  if (compact) return Number(compact[2]) < 60 ? Number(compact[1]) * 60 + Number(compact[2]) : null;
  const units = withUnits.exec(text);
  if (units && (units[1] || units[2])) {
    return Math.round(hours(units[1] ?? "0") * 60) + Number(units[2] ?? "0");
  }
  return null;
}

export function parseDuration(input: string): DurationResult {
  const text = input.trim().toLowerCase();
  if (text.startsWith("-")) return { ok: false, message: "A duration can't be negative" };
  const minutes = minutesOf(text);
  if (minutes === null || Number.isNaN(minutes)) return { ok: false, message: notADuration };
  if (minutes <= 0) return { ok: false, message: "Enter a duration greater than zero" };
  if (minutes > maxMinutesPerDay) return { ok: false, message: "A day has at most 24 hours" };
  return { ok: true, minutes };
}

/** 90 → '1:30'; the form the grid shows and accepts back. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const whole = Math.abs(minutes);
  return `${sign}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
