import type { z } from "zod";
import type { Notification } from "~/kernel/notifications/notifications.server";
import type { notificationSchema } from "./schemas";

/** A notification as the API shows it. */
export function notificationJson(notification: Notification): z.output<typeof notificationSchema> {
  return {
    id: notification.id,
    kind: notification.kind,
    title: notification.title,
    body: notification.body,
    link: notification.link,
    data: notification.data,
    readAt: notification.readAt?.toISOString() ?? null,
    createdAt: notification.createdAt.toISOString(),
  };
}
