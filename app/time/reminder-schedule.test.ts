import { describe, expect, it } from "vitest";
import { dueReminder, reminderGraceMs, reminderPeriod, wallClockInstant } from "./reminder-schedule";

describe("reminder schedule", () => {
  it("is about the current week from its fifth day on, else the week just ended, whatever day weeks start", () => {
    // Weeks from Monday: Friday 20 November 2026 is this week's; Thursday the 19th is last week's.
    expect(reminderPeriod("2026-11-20", 1)).toBe("2026-11-16");
    expect(reminderPeriod("2026-11-19", 1)).toBe("2026-11-09");
    expect(reminderPeriod("2026-11-22", 1)).toBe("2026-11-16");
    // Weeks from Sunday: Thursday 19 November is the fifth day of the week of the 15th.
    expect(reminderPeriod("2026-11-19", 7)).toBe("2026-11-15");
    expect(reminderPeriod("2026-11-18", 7)).toBe("2026-11-08");
  });

  it("reads the hour on the company's wall clock, a skipped hour as the end of the gap", () => {
    expect(wallClockInstant("2026-11-20", 15, "Europe/Berlin").toISOString()).toBe("2026-11-20T14:00:00.000Z");
    expect(wallClockInstant("2026-07-03", 15, "Europe/Berlin").toISOString()).toBe("2026-07-03T13:00:00.000Z");
    expect(wallClockInstant("2026-03-08", 2, "America/New_York").toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  it("is due from its hour for the grace period, across midnight, and not before or after", () => {
    const setting = { timezone: "Europe/Berlin", weekStart: 1, weekday: 5, hour: 22 };
    // Friday 27 November 2026, 22:00 in Berlin is 21:00 UTC.
    expect(dueReminder(setting, new Date("2026-11-27T20:59:59Z"))).toBeNull();
    expect(dueReminder(setting, new Date("2026-11-27T21:00:00Z"))).toEqual({
      day: "2026-11-27",
      at: new Date("2026-11-27T21:00:00Z"),
      period: "2026-11-23",
    });
    // Saturday 01:30 in Berlin: still Friday's reminder.
    expect(dueReminder(setting, new Date("2026-11-28T00:30:00Z"))).toMatchObject({ day: "2026-11-27" });
    expect(dueReminder(setting, new Date(Date.parse("2026-11-27T21:00:00Z") + reminderGraceMs))).toBeNull();
    expect(dueReminder({ ...setting, weekday: 4 }, new Date("2026-11-27T21:00:00Z"))).toBeNull();
  });
});
