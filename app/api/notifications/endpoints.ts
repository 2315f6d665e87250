import { z } from "zod";
import { markNotificationReadInput } from "~/kernel/notifications/inputs";
import type { Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import { notificationPageSchema, notificationSchema, notificationsReadSchema } from "./schemas";

// Marking read touches only the caller's own inbox, so a read-only company keeps it, as its page does.
export const notificationEndpoints = {
  listNotifications: {
    method: "get",
    path: "/api/v1/notifications",
    operationId: "listNotifications",
    tag: "Notifications",
    summary: "List my notifications",
    description: "The token's person's notifications in its company, newest first, a page at a time.",
    permission: "notification:view",
    query: z.object({
      ...pageQuery.shape,
      unread: z
        .enum(["true", "false"], { error: "Use true or false" })
        .optional()
        .meta({ description: "Only unread notifications (true) or only read ones (false); both when left out" }),
    }),
    success: { status: 200, description: "A page of notifications", schema: notificationPageSchema, headers: ["Link"] },
  },
  markNotificationRead: {
    method: "post",
    path: "/api/v1/notifications/{notificationId}/read",
    operationId: "markNotificationRead",
    tag: "Notifications",
    summary: "Mark a notification read",
    description: "Marking one already read changes nothing and answers the same. Someone else's notification is not found.",
    permission: "notification:view",
    params: markNotificationReadInput,
    success: { status: 200, description: "The notification as it now is", schema: notificationSchema },
    whileReadOnly: true,
  },
  markAllNotificationsRead: {
    method: "post",
    path: "/api/v1/notifications/read-all",
    operationId: "markAllNotificationsRead",
    tag: "Notifications",
    summary: "Mark all my notifications read",
    permission: "notification:view",
    success: { status: 200, description: "How many were unread", schema: notificationsReadSchema },
    whileReadOnly: true,
  },
} as const satisfies Record<string, Endpoint>;
