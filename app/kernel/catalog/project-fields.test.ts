import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { clientSchema, formatMoney, hoursOf, moneyInputValue, parseBudgetHours, parseMoney, projectSchema } from "./project-fields";

describe("rates typed by people", () => {
  it.each([
    ["120", 12_000],
    ["120.5", 12_050],
    ["120,50", 12_050],
    [" 0.07 ", 7],
    ["9999999.99", 999_999_999],
  ])("%s → %i minor units", (input, minor) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: minor });
  });

  it.each(["-5", "abc", "1.234", "1,200.50", "10000000", "", "1e3"])("%s is refused with a message", (input) => {
    expect(parseMoney(input)).toEqual({ ok: false, message: expect.any(String) });
  });

  it("read back as typed and as shown, with two decimals for every currency", () => {
    expect(moneyInputValue(12_000)).toBe("120");
    expect(moneyInputValue(12_005)).toBe("120.05");
    expect(moneyInputValue(null)).toBe("");
    expect(formatMoney(12_050, "USD")).toBe("$120.50");
    expect(formatMoney(12_050, "JPY")).toBe("¥120.50");
  });
});

describe("budgets typed in hours", () => {
  it("become whole minutes, and read back as hours", () => {
    expect(parseBudgetHours("400")).toEqual({ ok: true, value: 24_000 });
    expect(parseBudgetHours("12,5")).toEqual({ ok: true, value: 750 });
    expect(hoursOf(750)).toBe("12.5");
    expect(hoursOf(61)).toBe("1.02");
  });

  it.each(["0", "0.00", "-3", "ten", "1234567"])("%s is refused", (input) => {
    expect(parseBudgetHours(input).ok).toBe(false);
  });
});

describe("client and project fields", () => {
  it("normalise what people type", () => {
    expect(clientSchema.parse({ name: " Acme ", currency: "usd", hourlyRateMinor: "95" })).toEqual({
      name: "Acme",
      contactName: null,
      contactEmail: null,
      currency: "USD",
      hourlyRateMinor: 9_500,
      billingAddress: null,
      taxId: null,
    });
    expect(projectSchema.parse({ name: "Web", clientId: "none", color: "2563EB" })).toMatchObject({
      clientId: null,
      color: "#2563eb",
      code: null,
      billable: false,
      access: "everyone",
      hourlyRateMinor: null,
      budgetMinutes: null,
    });
  });

  it("refuse bad values on the field that holds them", () => {
    const fieldsOf = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((issue) => issue.path.join("."));
    expect(fieldsOf(clientSchema.safeParse({ name: "A", currency: "EURO" }))).toEqual(["currency"]);
    expect(fieldsOf(clientSchema.safeParse({ name: "A", currency: "XQZ" }))).toEqual(["currency"]);
    expect(fieldsOf(clientSchema.safeParse({ name: "A", currency: "EUR", hourlyRateMinor: "-1" }))).toEqual(["hourlyRateMinor"]);
    expect(
      fieldsOf(projectSchema.safeParse({ name: "P", color: "#12345z", clientId: "not-an-id", code: "-x", budgetMinutes: "lots" })),
    ).toEqual(["clientId", "code", "color", "budgetMinutes"]);
  });
});
