/**
 * Invoice arithmetic, defined once (docs/decisions/014). Every figure is an integer
 * number of minor units (cents); nothing passes through a float. Rounding happens
 * per line, half away from zero, and totals are plain sums of the rounded lines, so
 * subtotal + tax = total to the cent by construction. Migration 0008's CHECKs on
 * invoice_lines restate the two line rules, so the database refuses a line these
 * functions would not have produced.
 */

/** `numerator / denominator` rounded half away from zero, for a positive denominator. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("divideRounded: the denominator must be positive");
  const magnitude = numerator < 0n ? -numerator : numerator;
  // Twice the remainder against the denominator decides the half without a fraction.
  const quotient = magnitude / denominator;
  const rounded = 2n * (magnitude % denominator) >= denominator ? quotient + 1n : quotient;
  return numerator < 0n ? -rounded : rounded;
}

/** Integers of minor units as numbers: BigInt inside, but callers store and show numbers. */
function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`An amount of ${value} minor units is beyond what this product handles`);
  }
  return Number(value);
}

function integer(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`);
  return BigInt(value);
}

/** A time line: minutes × the frozen hourly rate / 60, rounded once for the whole line. */
export function timeAmount(minutes: number, hourlyRateMinor: number): number {
  return toSafeNumber(divideRounded(integer(minutes, "minutes") * integer(hourlyRateMinor, "the rate"), 60n));
}

/** A manual or discount line: whole units × the unit price, exact. */
export function unitsAmount(quantity: number, unitPriceMinor: number): number {
  return toSafeNumber(integer(quantity, "the quantity") * integer(unitPriceMinor, "the unit price"));
}

/** A line's tax: its amount × the rate in basis points (1900 = 19 %) / 10 000, rounded per line. */
export function lineTax(amountMinor: number, taxRateBp: number): number {
  return toSafeNumber(divideRounded(integer(amountMinor, "the amount") * integer(taxRateBp, "the tax rate"), 10_000n));
}

export interface LineFigures {
  amountMinor: number;
  taxMinor: number;
}

export interface Totals {
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** Sums of the rounded lines; discount lines carry negative amounts and taxes. */
export function invoiceTotals(lines: readonly LineFigures[]): Totals {
  let subtotal = 0n;
  let tax = 0n;
  for (const line of lines) {
    subtotal += integer(line.amountMinor, "a line's amount");
    tax += integer(line.taxMinor, "a line's tax");
  }
  return { subtotalMinor: toSafeNumber(subtotal), taxMinor: toSafeNumber(tax), totalMinor: toSafeNumber(subtotal + tax) };
}
