import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, format, getISODay, isValid, parseISO } from "date-fns";

/**
 * Calendar days as 'YYYY-MM-DD' strings, and the company's timesheet weeks. Days
 * carry no time zone; "today" is read in the company's zone, so a Berlin company's
 * Monday starts at midnight in Berlin whatever the server's clock says.
 */
export type Day = string;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar arithmetic in UTC, where no day is 23 or 25 hours long. */
function at(day: Day): TZDate {
  return new TZDate(`${day}T00:00:00Z`, "UTC");
}

/**
 * The years the product keeps time for. Far enough back for any history a company
 * imports, far enough ahead for any plan; outside them a typed or hand-edited date is
 * a mistake (a week of 1900 submitted to a manager, a week after 9999 that has no
 * calendar), refused with a message rather than carried into arithmetic and SQL.
 */
export const firstSupportedDay: Day = "2000-01-01";
export const lastSupportedDay: Day = "2099-12-31";

/** A real calendar day written YYYY-MM-DD, whatever its year. */
export function isCalendarDay(text: string): text is Day {
  return dayPattern.test(text) && isValid(parseISO(text)) && format(at(text), "yyyy-MM-dd") === text;
}

/** A calendar day within the supported years: what every date the product accepts must be. */
export function isDay(text: string): text is Day {
  return isCalendarDay(text) && text >= firstSupportedDay && text <= lastSupportedDay;
}

export function shiftDay(day: Day, days: number): Day {
  return format(addDays(at(day), days), "yyyy-MM-dd");
}

export function daysBetween(from: Day, to: Day): number {
  return differenceInCalendarDays(at(to), at(from));
}

export function todayIn(timeZone: string, now: Date = new Date()): Day {
  return format(new TZDate(now, timeZone), "yyyy-MM-dd");
}

/** The first day of the week holding `day`, for weeks starting on ISO weekday `weekStart` (1 = Monday). */
export function weekStartOf(day: Day, weekStart: number): Day {
  return shiftDay(day, -((getISODay(at(day)) - weekStart + 7) % 7));
}

export function weekDays(start: Day): Day[] {
  return Array.from({ length: 7 }, (_, index) => shiftDay(start, index));
}
