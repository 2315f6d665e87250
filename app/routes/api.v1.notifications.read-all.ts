import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { markAllNotificationsReadOperation } from "~/kernel/notifications/operations.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/notifications/read-all: how many were unread. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.markAllNotificationsRead, {
    operation: markAllNotificationsReadOperation,
    respond: ({ count }) => jsonResponse({ count }),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
