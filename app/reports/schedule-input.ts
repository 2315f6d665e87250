import type { ScheduleValues } from "./inputs";
import type { ScheduleInput } from "./schedules.server";

/** The form's values as the model takes them: only the day field the frequency uses. */
export function scheduleInputOf(values: ScheduleValues): ScheduleInput {
  return {
    reportId: values.reportId,
    frequency: values.frequency,
    weekday: values.frequency === "weekly" ? (values.weekday ?? null) : null,
    monthDay: values.frequency === "monthly" ? (values.monthDay ?? null) : null,
    hour: values.hour,
    recipientIds: values.recipientIds,
  };
}
