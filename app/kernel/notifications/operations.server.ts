import { notFound, operation, succeeded } from "../operations";
import { emailPreferencesInput, markAllNotificationsReadInput, markNotificationReadInput } from "./inputs";
import { markAllNotificationsRead, markNotificationRead, notificationKinds, setNotificationPreference } from "./notifications.server";

/** Someone else's notification is "not found", the same as one that doesn't exist. */
export const markNotificationReadOperation = operation({
  name: "notification.read",
  permission: "notification:view",
  input: markNotificationReadInput,
  run: async (tx, { notificationId }) =>
    (await markNotificationRead(tx, notificationId)) ? succeeded({ id: notificationId }) : notFound("Notification"),
});

/** Answers how many were unread. */
export const markAllNotificationsReadOperation = operation({
  name: "notification.read-all",
  permission: "notification:view",
  input: markAllNotificationsReadInput,
  run: async (tx) => succeeded({ count: await markAllNotificationsRead(tx) }),
});

export const setEmailPreferencesOperation = operation({
  name: "notification.email-preferences",
  permission: "notification:view",
  input: emailPreferencesInput,
  run: async (tx, input) => {
    const emailed = new Set(input.email);
    for (const kind of notificationKinds) await setNotificationPreference(tx, kind, { email: emailed.has(kind) });
    return succeeded(input);
  },
});
