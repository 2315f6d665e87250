import type { Day } from "~/kernel/clock/weeks";

/**
 * Calendar days as the time pages show them. Days carry no time zone, so they are
 * formatted in UTC, where the string's date is the date shown.
 */
const short = new Intl.DateTimeFormat("en-US", { weekday: "short", day: "numeric", timeZone: "UTC" });
const long = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });
const medium = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

const at = (day: Day) => new Date(`${day}T00:00:00Z`);

/** 'Mon 16' */
export const dayLabel = (day: Day) => short.format(at(day));
/** 'Monday, November 16' */
export const longDayLabel = (day: Day) => long.format(at(day));
/** 'Nov 16, 2026' */
export const mediumDayLabel = (day: Day) => medium.format(at(day));

export const statusLabels = {
  draft: "Draft",
  submitted: "Submitted",
  approved: "Approved",
  rejected: "Sent back",
} as const;
