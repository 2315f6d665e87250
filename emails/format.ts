/**
 * How dates, times and durations read in emails. English, with the company's time
 * zone for moments (an invitation's expiry) and none for calendar days (a
 * timesheet's week), so a day never shifts with the reader's or server's zone.
 */
const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });

/** '2025-11-24' → 'November 24, 2025'. */
export function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** A moment in a time zone: 'November 28, 2025 at 2:00 PM (Europe/Berlin)'. */
export function formatInstant(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone }).format(new Date(iso));
  return `${text} (${timeZone})`;
}

/** 4900, 'eur' → '€49.00': Stripe's minor units in the currency's own format. */
export function formatStripeAmount(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

/** 2250 → '37 h 30 min'; whole hours drop the minutes. */
export function formatDuration(totalMinutes: number): string {
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/**
 * Whole minutes from `now` until `iso`, to the nearest minute (the two clocks, the
 * app's and the database's, may differ by a few seconds); 0 once it has passed.
 */
export function minutesUntil(iso: string, now: Date): number {
  return Math.max(0, Math.round((new Date(iso).getTime() - now.getTime()) / 60_000));
}

/** Names beyond this are counted, not listed: a digest is a nudge, the approvals page is the list. */
const namesListed = 20;

/** 'Ada, Grace and 3 more': the first names, then how many others. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, namesListed);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** How long a link works, from minutesUntil: '1 hour', '24 hours', '45 minutes'. */
export function formatValidity(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
