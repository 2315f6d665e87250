import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { Checkbox } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import {
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  setNotificationPreference,
} from "~/kernel/notifications/notifications.server";
import { notificationKinds, type NotificationKind } from "~/kernel/notifications/kinds";
import { withCompany } from "~/routing/company-data.server";
import { readForm } from "~/routing/forms.server";
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
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.uuid() }),
  z.object({ intent: z.literal("read-all") }),
  z.object({ intent: z.literal("preferences"), email: z.union([z.array(z.enum(notificationKinds)), z.enum(notificationKinds)]).optional() }),
]);

export async function loader(args: LoaderFunctionArgs) {
  const after = new URL(args.request.url).searchParams.get("after");
  const { result } = await withCompany(args, "notification:view", async (tx) => ({
    page: await listNotifications(tx, { after, limit: 25 }),
    preferences: await getNotificationPreferences(tx),
  }));
  return { ...result.page, preferences: result.preferences, isFirstPage: !after };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "notification:view");
  const form = await readForm(request);
  const parsed = actionSchema.safeParse({ ...Object.fromEntries(form), email: form.getAll("email") });
  if (!parsed.success) return data({ notice: "That request wasn't understood. Reload and try again." }, { status: 400 });
  const input = parsed.data;
  return context.withTenant(member.tenant, async (tx) => {
    if (input.intent === "read") {
      if (!(await markNotificationRead(tx, input.id))) throw data("Notification not found", { status: 404 });
      return { notice: null };
    }
    if (input.intent === "read-all") {
      const count = await markAllNotificationsRead(tx);
      return { notice: count ? `Marked ${count} as read.` : "Nothing was unread." };
    }
    const emailed = new Set([input.email ?? []].flat());
    for (const kind of notificationKinds) await setNotificationPreference(tx, kind, { email: emailed.has(kind) });
    return { notice: "Email preferences saved." };
  });
}

export default function Notifications() {
  const { notifications, nextCursor, isFirstPage, preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
      {result?.notice ? <Notice tone="success">{result.notice}</Notice> : null}

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
                <ActionButton intent="read" values={{ id: n.id }} variant="quiet" label={`Mark "${n.title}" as read`}>
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
