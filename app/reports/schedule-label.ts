import type { ScheduleTiming } from "./schedule";

const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function ordinal(day: number): string {
  if (day % 10 === 1 && day !== 11) return `${day}st`;
  if (day % 10 === 2 && day !== 12) return `${day}nd`;
  if (day % 10 === 3 && day !== 13) return `${day}rd`;
  return `${day}th`;
}

/** "Weekly on Monday at 08:00", "Monthly on the 1st at 06:00": for pages, so kept apart from the cron code. */
export function describeTiming(timing: ScheduleTiming): string {
  const time = `${String(timing.hour).padStart(2, "0")}:00`;
  return timing.frequency === "weekly"
    ? `Weekly on ${weekdayNames[(timing.weekday ?? 1) - 1]} at ${time}`
    : `Monthly on the ${ordinal(timing.monthDay ?? 1)} at ${time}`;
}
