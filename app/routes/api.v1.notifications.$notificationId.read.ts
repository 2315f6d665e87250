import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { notificationJson } from "~/api/notifications/answers.server";
import { markNotificationReadOperation } from "~/kernel/notifications/operations.server";
import { getNotification } from "~/kernel/notifications/notifications.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/notifications/{notificationId}/read: the notification as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.markNotificationRead, {
    operation: markNotificationReadOperation,
    respond: async ({ id }, { member }) => {
      const notification = await args.context.withTenant(member.tenant, (tx) => getNotification(tx, id));
      return jsonResponse(notificationJson(notification!));
    },
  });
}

export const loader = () => methodNotAllowed(["POST"]);
