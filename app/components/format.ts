/** Human wording for times shown in lists ("3 hours ago", "in 6 days"). */
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function timeFromNow(date: Date | string | null | undefined, now = new Date()): string {
  if (!date) return "never";
  const seconds = (new Date(date).getTime() - now.getTime()) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** In the company's timezone when one is given (company pages), else the renderer's. */
export function formatDateTime(date: Date | string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(date));
}
