/**
 * The kinds of in-app notification (each matches an email template of the same
 * name). Shared by the server model and the notifications page's preferences form.
 */
export const notificationKinds = [
  "timesheet-submitted",
  "timesheet-approved",
  "timesheet-sent-back",
  "timesheet-reminder",
  "timesheet-digest",
  "budget-alert",
  "export-ready",
  "payment-failed",
  "webhook-endpoint-disabled",
] as const;

export type NotificationKind = (typeof notificationKinds)[number];
