import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { notificationJson } from "~/api/notifications/answers.server";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { listNotificationsAfter } from "~/kernel/notifications/notifications.server";
import { apiRead, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/notifications: the token's person's notifications, newest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listNotifications, async (tx, _caller, { query }) => {
    const page = pageRequestOf(query);
    const unread = query.unread === undefined ? undefined : query.unread === "true";
    const rows = await listNotificationsAfter(tx, { after: page.after, limit: page.limit + 1, unread });
    return pageAnswer(rows, page, args.request, notificationJson);
  });
}

export const action = () => methodNotAllowed(["GET"]);
