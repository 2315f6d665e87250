import { describe, expect, it } from "vitest";
import { formatMinutes, maxMinutesPerDay, parseDuration } from "./duration";

const notADuration = "Enter a duration like 1:30, 1.5 or 90m";
const negative = "A duration can't be negative";
const zero = "Enter a duration greater than zero";
const tooLong = "A day has at most 24 hours";

describe("parseDuration", () => {
  it.each([
    ["1:30", 90],
    ["1.5", 90],
    ["1,5", 90],
    ["90m", 90],
    ["90 min", 90],
    ["2h", 120],
    ["1h30m", 90],
    ["1h 30m", 90],
    ["1h 30 min", 90],
    ["1h30", 90],
    ["2h 5", 125],
    [".5", 30],
    ["0:45", 45],
    ["24:00", maxMinutesPerDay],
    ["  1:30  ", 90],
    ["1.5H", 90],
    ["0.01", 1],
  ])("reads %j as %i minutes", (input, minutes) => {
    expect(parseDuration(input)).toEqual({ ok: true, minutes });
  });

  it.each([
    ["", notADuration],
    ["   ", notADuration],
    ["abc", notADuration],
    ["-1", negative],
    ["-0:30", negative],
    ["0", zero],
    ["0:00", zero],
    ["0.001", zero],
    ["1:75", notADuration],
    ["24:01", tooLong],
    ["25", tooLong],
    ["1e3", notADuration],
    ["1.5.5", notADuration],
    ["h", notADuration],
    ["m", notADuration],
    ["1h75", notADuration],
    ["150", notADuration],
  ])("refuses %j with “%s”", (input, message) => {
    expect(parseDuration(input)).toEqual({ ok: false, message });
  });
});

describe("formatMinutes", () => {
  it.each([
    [0, "0:00"],
    [5, "0:05"],
    [90, "1:30"],
    [600, "10:00"],
    [maxMinutesPerDay, "24:00"],
    [-90, "-1:30"],
  ])("shows %i minutes as %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it("writes every loggable duration in a form the grid reads back to the same minutes", () => {
    for (let minutes = 1; minutes <= maxMinutesPerDay; minutes += 1) {
      expect(parseDuration(formatMinutes(minutes))).toEqual({ ok: true, minutes });
    }
  });
});
