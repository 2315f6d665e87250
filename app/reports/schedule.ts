import { tzOffset } from "@date-fns/tz";
import { CronExpressionParser } from "cron-parser";
import { monthOf } from "./filter";
import { shiftDay, todayIn, weekStartOf, type Day } from "../kernel/clock/weeks";

/**
 * When a scheduled report runs and which period it reports on, from the schedule
 * and the company's clock alone: the form, the job scheduler and the run all ask
 * this module, so they can't disagree.
 */
export interface ScheduleTiming {
  frequency: "weekly" | "monthly";
  /** ISO weekday, 1 = Monday … 7 = Sunday (weekly). */
  weekday: number | null;
  /** 1–28 (monthly): every month has them. */
  monthDay: number | null;
  /** 0–23 on the company's wall clock. */
  hour: number;
}

export interface Period {
  from: Day;
  to: Day;
}

/** The job scheduler's cron pattern (minute hour day-of-month month day-of-week; Sunday is 0). */
export function cronPatternOf(timing: ScheduleTiming): string {
  return timing.frequency === "weekly"
    ? `0 ${timing.hour} * * ${(timing.weekday ?? 1) % 7}`
    : `0 ${timing.hour} ${timing.monthDay ?? 1} * *`;
}

/** The next instant the schedule runs after `now`. */
export function nextRunOf(timing: ScheduleTiming, timeZone: string, now: Date): Date {
  return CronExpressionParser.parse(cronPatternOf(timing), { tz: timeZone, currentDate: now }).next().toDate();
}

/**
 * The period a run due at `dueAt` reports on, by the run's day on the company's
 * clock. Weekly: the last full week (by the company's week start) that ended
 * before that day, so a Monday run and a Friday run both report the week before.
 * Monthly: the calendar month before that day's month.
 */
export function periodOfRun(timing: ScheduleTiming, dueAt: Date, timeZone: string, weekStart: number): Period {
  const day = todayIn(timeZone, dueAt);
  if (timing.frequency === "monthly") return monthOf(shiftDay(monthOf(day).from, -1));
  const thisWeek = weekStartOf(day, weekStart);
  return { from: shiftDay(thisWeek, -7), to: shiftDay(thisWeek, -1) };
}

/**
 * Whether `instant` is one of the schedule's runs on the zone's clock. A job its
 * scheduler made before the schedule changed (a Monday run queued, then the
 * schedule moved to Fridays) is not, and sends nothing.
 */
export function isRunInstant(timing: ScheduleTiming, instant: Date, timeZone: string): boolean {
  const day = todayIn(timeZone, instant);
  const hour = Number(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone }).format(instant));
  const minute = Number(new Intl.DateTimeFormat("en-GB", { minute: "2-digit", timeZone }).format(instant));
  return hour === timing.hour && minute === 0 && runDays(timing, day, 1).length === 1;
}

/** 1 = Monday … 7 = Sunday, of a bare day (read in UTC, where it sits). */
function isoWeekday(day: Day): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/** The days in [from, from + days) the schedule runs on. */
export function runDays(timing: ScheduleTiming, from: Day, days: number): Day[] {
  const found: Day[] = [];
  for (let i = 0; i < days; i++) {
    const day = shiftDay(from, i);
    const runs =
      timing.frequency === "weekly" ? isoWeekday(day) === timing.weekday : Number(day.slice(8)) === timing.monthDay;
    if (runs) found.push(day);
  }
  return found;
}

/**
 * How many instants read `hour`:00 on `day` in the zone: 1 normally, 0 when a
 * spring-forward skips it, 2 when autumn repeats it. Each UTC offset the zone uses
 * around that day gives one candidate; a candidate counts when the zone really is at
 * that offset then.
 */
export function occurrencesOf(day: Day, hour: number, timeZone: string): number {
  const wall = Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  const offsets = new Set([-36, 0, 36].map((hours) => tzOffset(timeZone, new Date(wall + hours * 3_600_000))));
  let found = 0;
  for (const offset of offsets) {
    const instant = wall - offset * 60_000;
    if (tzOffset(timeZone, new Date(instant)) === offset) found += 1;
  }
  return found;
}

export interface ClockProblem {
  day: Day;
  /** The hour is skipped (spring) or happens twice (autumn) that day. */
  kind: "skipped" | "repeated";
}

/**
 * The first run day within a year from `today` on which the schedule's hour is
 * skipped or repeated by a daylight-saving change in the zone. Such a run would
 * move by an hour or happen at an ambiguous time, so the form refuses the hour
 * instead; null when every run in the coming year has exactly one instant.
 */
export function clockProblemOf(timing: ScheduleTiming, timeZone: string, today: Day): ClockProblem | null {
  for (const day of runDays(timing, today, 366)) {
    const count = occurrencesOf(day, timing.hour, timeZone);
    if (count === 0) return { day, kind: "skipped" };
    if (count > 1) return { day, kind: "repeated" };
  }
  return null;
}
