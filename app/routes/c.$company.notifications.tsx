import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { Checkbox, ReplyErrors } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { getNotificationPreferences, listNotifications } from "~/kernel/notifications/notifications.server";
import {
  markAllNotificationsReadOperation,
  markNotificationReadOperation,
  setEmailPreferencesOperation,
} from "~/kernel/notifications/operations.server";
import { notificationKinds, type NotificationKind } from "~/kernel/notifications/kinds";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { timeFromNow } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Notifications · Hourbook" }];

const kindLabels: Record<NotificationKind, string> = {
  "timesheet-submitted": "A timesheet I approve was submitted",
  "timesheet-approved": "My timesheet was approved",
  "timesheet-sent-back": "My timesheet was sent back",
  "timesheet-reminder": "Reminders to submit my timesheet",
  "timesheet-digest": "Weekly summary of my teams' unsubmitted and waiting timesheets (team managers)",
  "budget-alert": "A project passed 80 % or 100 % of its budget (owners and admins)",
  "export-ready": "An export I asked for is ready",
  "payment-failed": "A payment for the subscription failed (owners and admins)",
  "webhook-endpoint-disabled": "A webhook endpoint was turned off after failing for 3 days (owners and admins)",
};

export async function loader(args: LoaderFunctionArgs) {
  const after = new URL(args.request.url).searchParams.get("after");
  const { result } = await withCompany(args, "notification:view", async (tx) => ({
    page: await listNotifications(tx, { after, limit: 25 }),
    preferences: await getNotificationPreferences(tx),
  }));
  return { ...result.page, preferences: result.preferences, isFirstPage: !after };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    read: intent({ operation: markNotificationReadOperation, success: () => ({ toast: "Marked as read." }) }),
    "read-all": intent({
      operation: markAllNotificationsReadOperation,
      success: ({ count }) => ({ toast: count ? `Marked ${count} as read.` : "Nothing was unread." }),
    }),
    preferences: intent({ operation: setEmailPreferencesOperation, success: () => ({ toast: "Email preferences saved." }) }),
  });
}

export default function Notifications() {
  const { notifications, nextCursor, isFirstPage, preferences } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const unread = notifications.filter((n) => !n.readAt).length;

  return (
    <div className="stack-lg narrow">
      <div className="page-header">
        <h1>Notifications</h1>
        {unread ? (
          <ActionButton intent="read-all">Mark all as read</ActionButton>
        ) : null}
      </div>
      <ReplyErrors reply={reply} />

      {notifications.length === 0 ? (
        <EmptyState title={isFirstPage ? "Nothing yet" : "No more notifications"}>
          <p>Submissions, approvals and ready exports will show up here.</p>
        </EmptyState>
      ) : (
        <ul className="notification-list">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? "notification" : "notification notification-unread"}>
              <div>
                <p className="notification-title">
                  {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
                  {n.link ? <Link href={n.link}>{n.title}</Link> : n.title}
                </p>
                {n.body ? <p className="notification-body">{n.body}</p> : null}
                <p className="muted small" suppressHydrationWarning>
                  {timeFromNow(n.createdAt)}
                </p>
              </div>
              {n.readAt ? null : (
                <ActionButton intent="read" values={{ notificationId: n.id }} variant="quiet" label={`Mark "${n.title}" as read`}>
                  Mark read
                </ActionButton>
              )}
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Pages of notifications" className="pager">
        {!isFirstPage ? <Link href=".">Newest</Link> : null}
        {nextCursor ? <Link href={`?after=${nextCursor}`}>Older</Link> : null}
      </nav>

      <section className="card stack" aria-labelledby="email-heading">
        <h2 id="email-heading">Also send me an email when…</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="preferences" />
          {notificationKinds.map((kind) => (
            <Checkbox key={kind} name="email" value={kind} defaultSelected={preferences[kind].email}>
              {kindLabels[kind]}
            </Checkbox>
          ))}
          <Button type="submit" variant="secondary" isDisabled={busy}>
            Save email preferences
          </Button>
        </Form>
      </section>
    </div>
  );
}
