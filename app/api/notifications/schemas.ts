import { z } from "zod";
import { notificationKinds } from "~/kernel/notifications/kinds";
import { pageSchema, timestamp } from "../schemas";

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(notificationKinds),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable().meta({ description: "Where the notification leads in Hourbook's pages, as a path (`/c/<company>/…`)" }),
    data: z.record(z.string(), z.unknown()).meta({ description: "The facts behind it, by kind (the email of the same name takes the same)" }),
    readAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "Notification", description: "One of the token's person's notifications" });

export const notificationPageSchema = pageSchema(notificationSchema, "NotificationPage");

export const notificationsReadSchema = z
  .object({ count: z.int().min(0).meta({ description: "How many were unread" }) })
  .meta({ id: "NotificationsRead" });
