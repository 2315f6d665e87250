import { CronExpressionParser } from "cron-parser";
import { describe, expect, it } from "vitest";
import {
  clockProblemOf,
  cronPatternOf,
  isRunInstant,
  nextRunOf,
  occurrencesOf,
  periodOfRun,
  runDays,
  type ScheduleTiming,
} from "./schedule";
import { describeTiming } from "./schedule-label";
import { shiftDay, todayIn } from "../kernel/clock/weeks";

const weekly = (weekday: number, hour: number): ScheduleTiming => ({ frequency: "weekly", weekday, monthDay: null, hour });
const monthly = (monthDay: number, hour: number): ScheduleTiming => ({ frequency: "monthly", weekday: null, monthDay, hour });

/** Every run the job scheduler makes between two instants: the pattern as BullMQ hands it to cron-parser. */
function runsBetween(timing: ScheduleTiming, timeZone: string, from: string, to: string): Date[] {
  const runs = CronExpressionParser.parse(cronPatternOf(timing), {
    tz: timeZone,
    currentDate: new Date(from),
    endDate: new Date(to),
  });
  const found: Date[] = [];
  while (runs.hasNext()) found.push(runs.next().toDate());
  return found;
}

const localHour = (instant: Date, timeZone: string) =>
  Number(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone }).format(instant));

describe("an hour on a daylight-saving day", () => {
  it.each([
    ["Europe/Berlin", "2026-03-29", 2, 0],
    ["Europe/Berlin", "2026-03-29", 3, 1],
    ["Europe/Berlin", "2026-10-25", 2, 2],
    ["Europe/Berlin", "2026-10-25", 3, 1],
    ["America/New_York", "2026-03-08", 2, 0],
    ["America/New_York", "2026-11-01", 1, 2],
    ["America/New_York", "2026-11-01", 2, 1],
    ["Asia/Tokyo", "2026-03-29", 2, 1],
  ])("%s on %s at %i:00 happens %i times", (zone, day, hour, times) => {
    expect(occurrencesOf(day, hour, zone)).toBe(times);
  });

  it("is refused for a schedule whose run day, within a year, skips or repeats it, naming that day", () => {
    expect(clockProblemOf(weekly(7, 2), "Europe/Berlin", "2026-01-05")).toEqual({ day: "2026-03-29", kind: "skipped" });
    expect(clockProblemOf(weekly(7, 2), "Europe/Berlin", "2026-04-01")).toEqual({ day: "2026-10-25", kind: "repeated" });
    expect(clockProblemOf(weekly(7, 1), "America/New_York", "2026-04-01")).toEqual({ day: "2026-11-01", kind: "repeated" });
    // The 8th of March 2026 is the second Sunday: New York springs forward at 02:00.
    expect(clockProblemOf(monthly(8, 2), "America/New_York", "2026-01-01")).toEqual({ day: "2026-03-08", kind: "skipped" });
  });

  it("is accepted on days no change touches, or in a zone without daylight saving", () => {
    expect(clockProblemOf(weekly(1, 2), "Europe/Berlin", "2026-01-05")).toBeNull();
    expect(clockProblemOf(weekly(7, 3), "Europe/Berlin", "2026-01-05")).toBeNull();
    expect(clockProblemOf(weekly(7, 2), "Asia/Tokyo", "2026-01-05")).toBeNull();
    expect(clockProblemOf(monthly(1, 2), "Europe/Berlin", "2026-01-05")).toBeNull();
  });
});

describe("runs across daylight-saving weeks", () => {
  it.each([
    ["Europe/Berlin", weekly(7, 3)],
    ["Europe/Berlin", weekly(1, 8)],
    ["America/New_York", weekly(7, 3)],
    ["America/New_York", weekly(7, 0)],
  ])("in %s, weekly %o runs once a week at its hour through spring and autumn, each reporting the week after the last", (zone, timing) => {
    const runs = runsBetween(timing, zone, "2026-02-01T00:00:00Z", "2026-12-01T00:00:00Z");
    const days = runs.map((run) => todayIn(zone, run));
    // One run per week, none skipped, none doubled: consecutive local days 7 apart.
    expect(days.slice(1).every((day, i) => day === shiftDay(days[i]!, 7))).toBe(true);
    expect(runs.every((run) => localHour(run, zone) === timing.hour)).toBe(true);
    expect(days).toEqual(runDays(timing, "2026-02-01", 303));
    // The hour moves with the clock: some weeks are 167 or 169 hours long.
    const gaps = new Set(runs.slice(1).map((run, i) => (run.getTime() - runs[i]!.getTime()) / 3_600_000));
    expect([...gaps].sort()).toEqual([167, 168, 169]);

    const periods = runs.map((run) => periodOfRun(timing, run, zone, 1));
    expect(periods.slice(1).every((period, i) => period.from === shiftDay(periods[i]!.to, 1))).toBe(true);
    expect(periods.every((period) => shiftDay(period.from, 6) === period.to)).toBe(true);
  });

  it("monthly runs report each calendar month once, in both zones", () => {
    for (const zone of ["Europe/Berlin", "America/New_York"]) {
      const runs = runsBetween(monthly(1, 6), zone, "2026-01-15T00:00:00Z", "2027-01-15T00:00:00Z");
      expect(runs.map((run) => periodOfRun(monthly(1, 6), run, zone, 1).from)).toEqual([
        "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01",
        "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01",
      ]);
      expect(periodOfRun(monthly(1, 6), runs[1]!, zone, 1)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    }
  });
});

describe("the period a run reports", () => {
  it("is the last full week by the company's week start, read on the company's clock", () => {
    // Monday 8 December 2025, 00:30 in Berlin is still Sunday in UTC.
    const run = new Date("2025-12-07T23:30:00Z");
    expect(periodOfRun(weekly(1, 0), run, "Europe/Berlin", 1)).toEqual({ from: "2025-12-01", to: "2025-12-07" });
    expect(periodOfRun(weekly(1, 0), run, "UTC", 1)).toEqual({ from: "2025-11-24", to: "2025-11-30" });
    // Weeks from Sunday, run on a Friday: the Sunday-to-Saturday week before this one.
    expect(periodOfRun(weekly(5, 9), new Date("2025-12-12T09:00:00Z"), "UTC", 7)).toEqual({ from: "2025-11-30", to: "2025-12-06" });
  });

  it("knows its own run instants, so a job made before the schedule changed is recognised", () => {
    expect(isRunInstant(weekly(1, 8), new Date("2026-11-23T07:00:00Z"), "Europe/Berlin")).toBe(true);
    expect(isRunInstant(weekly(5, 8), new Date("2026-11-23T07:00:00Z"), "Europe/Berlin")).toBe(false);
    expect(isRunInstant(weekly(1, 9), new Date("2026-11-23T07:00:00Z"), "Europe/Berlin")).toBe(false);
    expect(isRunInstant(weekly(1, 8), new Date("2026-11-23T07:00:00Z"), "America/New_York")).toBe(false);
    expect(isRunInstant(monthly(1, 6), new Date("2026-07-01T04:00:00Z"), "Europe/Berlin")).toBe(true);
  });

  it("names the next run on the company's clock", () => {
    const next = nextRunOf(weekly(1, 9), "America/New_York", new Date("2026-03-04T12:00:00Z"));
    expect(next.toISOString()).toBe("2026-03-09T13:00:00.000Z");
  });
});

describe("a schedule's label", () => {
  it("names the day and the hour", () => {
    expect(describeTiming(weekly(7, 2))).toBe("Weekly on Sunday at 02:00");
    expect(describeTiming(monthly(1, 6))).toBe("Monthly on the 1st at 06:00");
    expect(describeTiming(monthly(12, 18))).toBe("Monthly on the 12th at 18:00");
    expect(describeTiming(monthly(22, 0))).toBe("Monthly on the 22nd at 00:00");
  });
});
