import { describe, expect, it } from "vitest";
import { formatDateTime, timeFromNow } from "./format";

describe("formatDateTime", () => {
  it("shows an instant in the company's timezone, across a daylight-saving change", () => {
    // 01:30 UTC on the day Berlin moves to summer time is 03:30 there, and 21:30 the evening before in New York.
    expect(formatDateTime("2026-03-29T01:30:00Z", "Europe/Berlin")).toBe("Mar 29, 2026, 3:30 AM");
    expect(formatDateTime("2026-03-29T01:30:00Z", "America/New_York")).toBe("Mar 28, 2026, 9:30 PM");
  });
});

describe("timeFromNow", () => {
  it("words a time relative to now, and says so when there is none", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    expect(timeFromNow(new Date("2026-11-21T09:00:00Z"), now)).toBe("3 hours ago");
    expect(timeFromNow(new Date("2026-11-28T12:00:00Z"), now)).toBe("next week");
    expect(timeFromNow(null, now)).toBe("never");
  });
});
