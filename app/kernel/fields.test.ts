import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { day, text } from "./fields";

const messagesOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe("text", () => {
  const name = text().trim().min(1, "Enter a name").max(20, "Too long");

  it("refuses a NUL byte and other control characters with a message on the field", () => {
    for (const value of ["Acme\u0000", "\u0001", "a\u001bb", "del\u007f"]) {
      expect(messagesOf(name, value), JSON.stringify(value)).toEqual(["Remove the control characters (such as a NUL byte) from this text"]);
    }
  });

  it("keeps what people type, tabs and line breaks included, and the rules chained after it", () => {
    expect(name.parse("  Ana Müller  ")).toBe("Ana Müller");
    expect(text().parse("first line\r\nsecond\tline")).toBe("first line\r\nsecond\tline");
    expect(messagesOf(name, " ")).toEqual(["Enter a name"]);
    expect(messagesOf(name, "x".repeat(21))).toEqual(["Too long"]);
  });
});

describe("day", () => {
  const date = day("Enter the day as YYYY-MM-DD");

  it("takes real days within the supported years", () => {
    for (const value of ["2000-01-01", "2026-02-28", "2028-02-29", "2099-12-31"]) expect(date.parse(value)).toBe(value);
  });

  it("refuses days at the ends of the calendar with the supported range", () => {
    for (const value of ["9999-12-31", "0000-01-01", "1900-01-01", "1999-12-31", "2100-01-01"]) {
      expect(messagesOf(date, value), value).toEqual(["Use a date from 2000-01-01 to 2099-12-31"]);
    }
  });

  it("refuses a day the calendar doesn't have, in the form's words if it has its own", () => {
    const phrased = day("Enter the day as YYYY-MM-DD", { nonexistent: "That date doesn't exist" });
    for (const value of ["2026-02-29", "2026-02-30", "2026-13-01", "2026-04-31"]) {
      expect(messagesOf(date, value), value).toEqual(["Enter the day as YYYY-MM-DD"]);
      expect(messagesOf(phrased, value), value).toEqual(["That date doesn't exist"]);
    }
  });

  it("refuses what isn't written as a day with the field's own message", () => {
    for (const value of ["2026-2-3", "today", "2026-01-01\u0000", "", 20260101]) {
      expect(messagesOf(date, value), String(value)).toEqual(["Enter the day as YYYY-MM-DD"]);
    }
  });
});
