import { afterEach, describe, expect, it } from "vitest";
import { daysBetween, isDay, shiftDay, todayIn, weekDays, weekStartOf } from "./weeks";

const monday = 1;
const sunday = 7;

describe("weekStartOf", () => {
  it.each([
    ["2026-11-16", monday, "2026-11-16"],
    ["2026-11-21", monday, "2026-11-16"],
    ["2026-11-22", monday, "2026-11-16"],
    ["2026-11-23", monday, "2026-11-23"],
    ["2026-11-21", sunday, "2026-11-15"],
    ["2026-11-22", sunday, "2026-11-22"],
    ["2026-11-16", sunday, "2026-11-15"],
    ["2027-01-01", monday, "2026-12-28"],
    ["2026-03-01", 6, "2026-02-28"],
  ])("puts %s in the week starting %s when weeks start on ISO day %i", (day, weekStart, expected) => {
    expect(weekStartOf(day, weekStart as number)).toBe(expected);
  });
});

describe("todayIn", () => {
  it("turns the date at the company's midnight, not the server's", () => {
    const beforeBerlinMidnight = new Date("2026-11-21T22:59:59Z");
    const afterBerlinMidnight = new Date("2026-11-21T23:00:00Z");
    expect(todayIn("Europe/Berlin", beforeBerlinMidnight)).toBe("2026-11-21");
    expect(todayIn("Europe/Berlin", afterBerlinMidnight)).toBe("2026-11-22");
    expect(todayIn("UTC", afterBerlinMidnight)).toBe("2026-11-21");
    expect(todayIn("America/Los_Angeles", new Date("2026-11-22T07:59:00Z"))).toBe("2026-11-21");
    expect(todayIn("Pacific/Auckland", new Date("2026-11-21T11:00:00Z"))).toBe("2026-11-22");
  });

  it("follows the zone's clock change: midnight is an hour earlier in UTC after spring forward", () => {
    expect(todayIn("Europe/Berlin", new Date("2026-03-28T23:00:00Z"))).toBe("2026-03-29");
    expect(todayIn("Europe/Berlin", new Date("2026-03-29T21:59:00Z"))).toBe("2026-03-29");
    expect(todayIn("Europe/Berlin", new Date("2026-03-29T22:00:00Z"))).toBe("2026-03-30");
  });
});

describe("weeks across a clock change", () => {
  const originalZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  it.each(["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland"])(
    "have seven distinct days whatever the server's zone (%s)",
    (serverZone) => {
      process.env.TZ = serverZone;
      // Europe and North America leave summer time on the last Sunday of October and the first of November.
      expect(weekDays("2026-10-19")).toEqual([
        "2026-10-19", "2026-10-20", "2026-10-21", "2026-10-22", "2026-10-23", "2026-10-24", "2026-10-25",
      ]);
      expect(weekDays("2026-10-26").at(-1)).toBe("2026-11-01");
      expect(weekStartOf("2026-10-25", monday)).toBe("2026-10-19");
      expect(weekStartOf("2026-03-29", monday)).toBe("2026-03-23");
      expect(weekStartOf("2026-03-30", monday)).toBe("2026-03-30");
      expect(shiftDay("2026-03-28", 1)).toBe("2026-03-29");
      expect(shiftDay("2026-03-29", 1)).toBe("2026-03-30");
      expect(shiftDay("2026-11-01", -7)).toBe("2026-10-25");
      expect(daysBetween("2026-10-19", "2026-10-26")).toBe(7);
      expect(daysBetween("2026-03-23", "2026-03-30")).toBe(7);
    },
  );
});

describe("isDay", () => {
  it.each([
    ["2024-02-29", true],
    ["2026-11-21", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-11-31", false],
    ["2026-1-5", false],
    ["21.11.2026", false],
  ])("judges %s a real calendar day: %s", (text, expected) => {
    expect(isDay(text)).toBe(expected);
  });
});
