import { TZDate } from "@date-fns/tz";
import { shiftDay, todayIn, weekStartOf, type Day } from "../kernel/clock/weeks";

/**
 * When a company's weekly reminder is due, and which timesheet week it is about.
 *
 * The reminder is set as a weekday and an hour on the company's wall clock. The
 * job that sends it runs every few minutes and asks "is it due now?"; this module
 * answers from the clock alone, so any run, on any worker, answers alike. Whether
 * it was already sent is the database's part (reminders_sent).
 */
export interface ReminderSetting {
  timezone: string;
  /** The company's first day of the timesheet week, ISO (1 = Monday). */
  weekStart: number;
  /** ISO weekday of the reminder, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 0–23, on the company's wall clock. */
  hour: number;
}

export interface DueReminder {
  /** The company's calendar day the reminder belongs to. */
  day: Day;
  /** The instant it fell due. */
  at: Date;
  /** The first day of the timesheet week it is about. */
  period: Day;
}

/**
 * How long after its hour a reminder may still go out. Runs missed for longer (a
 * worker down overnight) skip the week's reminder rather than send it at 3 a.m.;
 * anything shorter is caught up by the next run.
 */
export const reminderGraceMs = 6 * 60 * 60_000;

/**
 * The instant `day` at `hour` o'clock is on the zone's wall clock. An hour that a
 * spring-forward skips becomes the first instant after the gap (02:00 → 03:00); an
 * hour that autumn repeats is one of its two instants, always the same one. Either
 * way there is exactly one instant per day, so a reminder can neither be skipped nor
 * fall due twice.
 */
export function wallClockInstant(day: Day, hour: number, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date, hour, 0, 0, timeZone).getTime());
}

/**
 * The reminder's week is the latest one whose fifth day has begun on the
 * reminder's day: a Friday reminder (weeks from Monday) is about this week, which
 * people can still complete and submit that afternoon; a Monday reminder is about
 * the week just ended, since a week a day old has nothing to submit yet.
 */
export function reminderPeriod(day: Day, weekStart: number): Day {
  return weekStartOf(shiftDay(day, -4), weekStart);
}

/** 1 = Monday … 7 = Sunday; read in UTC, where a bare day sits (the server's zone must not shift it). */
function isoWeekday(day: Day): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The reminder due at `now`, or null when it isn't the reminder's day and hour (or its grace period). */
export function dueReminder(setting: ReminderSetting, now: Date): DueReminder | null {
  const today = todayIn(setting.timezone, now);
  // Yesterday too: a late-evening reminder's grace period runs past midnight.
  for (const day of [today, shiftDay(today, -1)]) {
    if (isoWeekday(day) !== setting.weekday) continue;
    const at = wallClockInstant(day, setting.hour, setting.timezone);
    const since = now.getTime() - at.getTime();
    if (since >= 0 && since < reminderGraceMs) return { day, at, period: reminderPeriod(day, setting.weekStart) };
  }
  return null;
}
