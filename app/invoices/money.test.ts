import { describe, expect, it } from "vitest";
import { divideRounded, invoiceTotals, lineTax, timeAmount, unitsAmount } from "./money";

describe("divideRounded", () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 3n, 2n],
    [-7n, 3n, -2n],
    [8n, 3n, 3n],
    [1n, 2n, 1n],
    [-1n, 2n, -1n],
    [1n, 3n, 0n],
    [0n, 7n, 0n],
  ])("%s / %s rounds half away from zero to %s", (numerator, denominator, expected) => {
    expect(divideRounded(numerator, denominator)).toBe(expected);
  });

  it("is exact beyond 2^53, where a float would already be off", () => {
    // 2^60 + 1 halves to …0.5, which rounds up; as a float the +1 is lost before dividing.
    expect(divideRounded(2n ** 60n + 1n, 2n)).toBe(2n ** 59n + 1n);
  });
});

describe("line figures", () => {
  it.each([
    // minutes, hourly rate, amount: hand-computed
    [20, 10_000, 3_333], // a third of an hour at 100.00: 3333.33…
    [40, 10_000, 6_667], // two thirds: 6666.66… rounds up
    [3, 10, 1], // 0.5 cent rounds away from zero
    [9, 10, 2], // 1.5 cents
    [1, 1, 0], // 1/60 of a cent
    [90, 12_345, 18_518], // 18517.5
    [1_440, 999_999, 23_999_976],
  ])("%i minutes at %i/h is %i", (minutes, rate, amount) => {
    expect(timeAmount(minutes, rate)).toBe(amount);
    expect(timeAmount(-minutes, rate)).toBe(0 - amount);
  });

  it.each([
    [3_333, 1_900, 633], // 633.27
    [50, 1_900, 10], // 9.5
    [-50, 1_900, -10], // a discount's tax rounds away from zero too
    [6_667, 700, 467], // 466.69
    [12_345, 550, 679], // 678.975
    [100, 0, 0],
  ])("tax on %i at %i bp is %i", (amount, bp, tax) => {
    expect(lineTax(amount, bp)).toBe(tax);
  });

  it("multiplies units exactly and refuses fractions", () => {
    expect(unitsAmount(3, -1_999)).toBe(-5_997);
    expect(() => unitsAmount(1.5, 100)).toThrow(RangeError);
    expect(() => timeAmount(30, 0.5)).toThrow(RangeError);
  });
});

describe("invoiceTotals", () => {
  it("adds rounded lines, so subtotal + tax = total to the cent", () => {
    const lines = [
      { amountMinor: timeAmount(20, 10_000), taxMinor: lineTax(timeAmount(20, 10_000), 1_900) },
      { amountMinor: timeAmount(40, 10_000), taxMinor: lineTax(timeAmount(40, 10_000), 700) },
      { amountMinor: -50, taxMinor: lineTax(-50, 1_900) },
    ];
    // 3333 + 6667 - 50 = 9950; 633 + 467 - 10 = 1090.
    expect(invoiceTotals(lines)).toEqual({ subtotalMinor: 9_950, taxMinor: 1_090, totalMinor: 11_040 });
    expect(invoiceTotals([])).toEqual({ subtotalMinor: 0, taxMinor: 0, totalMinor: 0 });
  });
});
