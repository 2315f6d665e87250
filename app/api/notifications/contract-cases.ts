import { createNotification } from "~/kernel/notifications/notifications.server";
import type { TenantContext } from "../../../db/tenant";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

/** A notification for the owner (whose token the contract calls with), as an employee's submission makes one. */
async function notification(w: ContractWorld, recipient: TenantContext = w.owner): Promise<string> {
  const { id } = await w.context.withTenant(w.employee, (tx) =>
    createNotification(tx, {
      userId: recipient.userId,
      kind: "timesheet-submitted",
      data: { submitterName: "Edsger Employee", weekStart: "2026-11-16", totalMinutes: 2_400 },
    }),
  );
  return id;
}

export const notificationCases: ContractCases = {
  listNotifications: async (w) => {
    await notification(w);
    await notification(w);
    return [
      { path: "/api/v1/notifications?limit=1", expect: 200 },
      { path: "/api/v1/notifications?unread=true", expect: 200 },
      { path: "/api/v1/notifications?unread=yes", expect: 400 },
      { path: "/api/v1/notifications?cursor=not-ours", expect: 400 },
    ];
  },
  markNotificationRead: async (w) => {
    const mine = await notification(w);
    const theirs = await notification(w, w.manager);
    return [
      { path: `/api/v1/notifications/${mine}/read`, expect: 200 },
      // Someone else's is no more found than one that doesn't exist.
      { path: `/api/v1/notifications/${theirs}/read`, expect: 404 },
    ];
  },
  markAllNotificationsRead: async (w) => {
    await notification(w);
    return [{ path: "/api/v1/notifications/read-all", expect: 200 }];
  },
};
