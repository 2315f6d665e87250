import { randomUUID } from "node:crypto";
import { z } from "zod";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { formatDuration, formatStripeAmount, listNames } from "../../../emails/format";
import { messagePaths } from "../../../emails/links";
import { emailProps, type CompanyEmailMessage, type EmailProps } from "../../../emails/messages";
import { queueEmail } from "../../../jobs/outbox";
import { notificationKinds, type NotificationKind } from "./kinds";

/**
 * In-app notifications (the bell) and which of them also come by email. Every
 * function takes the tenant transaction first and acts for the member in context;
 * the policies (0003) show a person only their own notifications.
 *
 * A notification's facts are the props of the email of the same name, so one event
 * produces both from one value, and the email goes through the outbox in the same
 * transaction as the notification and the change behind it. Those facts are ids
 * and values, never URLs: the link is the email's call to action, as an in-app
 * path built by emails/links.ts (decision 029).
 */
export { notificationKinds, type NotificationKind };
export type NotificationData<K extends NotificationKind> = EmailProps<K>;

export type NewNotification = {
  [K in NotificationKind]: { userId: string; kind: K; data: NotificationData<K> };
}[NotificationKind];

export interface Notification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  /** An in-app path. */
  link: string | null;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

export type NotificationPreferences = Record<NotificationKind, { email: boolean }>;

// ----------------------------------------------------------------- wording

function formatWeek(day: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

function describe(notification: NewNotification): { title: string; body: string | null } {
  switch (notification.kind) {
    case "timesheet-submitted": {
      const d = notification.data;
      return { title: `${d.submitterName} submitted the week of ${formatWeek(d.weekStart)}`, body: null };
    }
    case "timesheet-approved": {
      const d = notification.data;
      return { title: `Week of ${formatWeek(d.weekStart)} approved by ${d.approverName}`, body: null };
    }
    case "timesheet-sent-back": {
      const d = notification.data;
      return { title: `Week of ${formatWeek(d.weekStart)} sent back by ${d.reviewerName}`, body: d.comment };
    }
    case "timesheet-reminder": {
      const d = notification.data;
      return { title: `Submit your timesheet for the week of ${formatWeek(d.weekStart)}`, body: null };
    }
    case "timesheet-digest": {
      const d = notification.data;
      return {
        title: `Week of ${formatWeek(d.weekStart)}: ${d.notSubmitted.length} not submitted, ${d.waitingCount} waiting for you`,
        body: d.notSubmitted.length > 0 ? `Not submitted: ${listNames(d.notSubmitted)}` : null,
      };
    }
    case "budget-alert": {
      const d = notification.data;
      const project = d.clientName ? `${d.projectName} (${d.clientName})` : d.projectName;
      return {
        title: d.threshold >= 100 ? `${project} has used its whole budget` : `${project} has used ${d.threshold} % of its budget`,
        body: `${formatDuration(d.loggedMinutes)} logged of ${formatDuration(d.budgetMinutes)}`,
      };
    }
    case "export-ready": {
      const d = notification.data;
      return { title: `Export ready: ${d.exportName}`, body: null };
    }
    case "webhook-endpoint-disabled": {
      const d = notification.data;
      return { title: "A webhook endpoint was turned off", body: `Every delivery to ${d.endpointUrl} failed for 3 days.` };
    }
    case "payment-failed": {
      const d = notification.data;
      return {
        title: `A payment of ${formatStripeAmount(d.amountDue, d.currency)} failed`,
        body: "Update the payment method on the billing page before the subscription lapses.",
      };
    }
  }
}

// ----------------------------------------------------------------- writing

/** A notification whose data doesn't match its kind: a programming error, refused before anything is written. */
export class NotificationDataError extends Error {
  constructor(kind: string, problems: string) {
    super(`Invalid data for a "${kind}" notification: ${problems}`);
    this.name = "NotificationDataError";
  }
}

/**
 * Notify a member of the company in context (an approver of a submission, the
 * submitter of an approval). Also queues the email of the same kind unless the
 * recipient turned it off. Returns the notification's id, and the outbox id of
 * the email when one was queued.
 */
export async function createNotification(
  tx: TenantTransaction,
  notification: NewNotification,
): Promise<{ id: string; emailId: string | null }> {
  const parsed = emailProps[notification.kind].safeParse(notification.data);
  if (!parsed.success) {
    throw new NotificationDataError(notification.kind, z.prettifyError(parsed.error).replaceAll("\n", "; "));
  }
  const valid = { ...notification, data: parsed.data } as NewNotification;
  const { title, body } = describe(valid);
  const [company] = await tx.query<{ slug: string }>(sql`select slug from companies where id = ${tx.tenant.companyId}`);
  const link = messagePaths(valid.kind, valid.data, company?.slug ?? null).action;
  const id = randomUUID();
  // No RETURNING: the recipient is usually someone else, whose rows the sender can't read.
  await tx.query(sql`
    insert into notifications (company_id, id, user_id, kind, title, body, link, data)
    values (${tx.tenant.companyId}, ${id}, ${valid.userId}, ${valid.kind}, ${title}, ${body}, ${link}, ${valid.data})`);

  const [recipient] = await tx.query<{ email: string; wantsEmail: boolean }>(sql`
    select u.email, coalesce(p.email, true) as "wantsEmail"
      from users u
      left join notification_preferences p
        on p.company_id = ${tx.tenant.companyId} and p.user_id = u.id and p.kind = ${valid.kind}
     where u.id = ${valid.userId}`);
  if (!recipient?.wantsEmail) return { id, emailId: null };
  const message = { to: recipient.email, template: valid.kind, props: valid.data } as CompanyEmailMessage;
  const emailId = await queueEmail(tx, message);
  return { id, emailId };
}

// ----------------------------------------------------------------- reading

const pageSizeLimit = 100;

/** Opaque position in the list: the last row's creation time (in microseconds, exact) and id. */
function encodeCursor(row: { createdAtMicros: number; id: string }): string {
  return Buffer.from(`${row.createdAtMicros}:${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { micros: number; id: string } | null {
  const match = /^(\d{1,17}):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, "base64url").toString());
  return match ? { micros: Number(match[1]), id: match[2] ?? "" } : null;
}

/**
 * The member's notifications, newest first, a page at a time. Pass the previous
 * page's `nextCursor` as `after`; an unreadable cursor starts from the top.
 */
export async function listNotifications(
  tx: TenantTransaction,
  options: { limit?: number; after?: string | null; unreadOnly?: boolean } = {},
): Promise<{ notifications: Notification[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), pageSizeLimit);
  const cursor = options.after ? decodeCursor(options.after) : null;
  const rows = await tx.query<Notification & { createdAtMicros: number }>(sql`
    select id, kind, title, body, link, data, read_at as "readAt", created_at as "createdAt",
           (extract(epoch from created_at) * 1000000)::int8 as "createdAtMicros"
      from notifications
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId}
       ${options.unreadOnly ? sql`and read_at is null` : sql``}
       ${
         cursor
           ? sql`and (created_at, id) < (timestamptz 'epoch' + ${cursor.micros}::float8 * interval '1 microsecond', ${cursor.id}::uuid)`
           : sql``
       }
     order by created_at desc, id desc
     limit ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    notifications: page.map(({ createdAtMicros: _, ...notification }) => notification),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

const notificationColumns = sql`
  id, kind, title, body, link, data, read_at as "readAt", created_at as "createdAt"`;

/**
 * The member's notifications after a position, newest first, for keyset pages as the
 * API takes them (app/api/pagination.ts): `position` is the creation time in
 * Postgres's text form, exact to the microsecond.
 */
export function listNotificationsAfter(
  tx: TenantTransaction,
  options: { after: { position: string; id: string } | null; limit: number; unread?: boolean },
): Promise<(Notification & { position: string })[]> {
  return tx.query<Notification & { position: string }>(sql`
    select ${notificationColumns}, created_at::text as position
      from notifications
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId}
       ${options.unread === undefined ? sql`` : sql`and (read_at is null) = ${options.unread}`}
       ${options.after ? sql`and (created_at, id) < (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by created_at desc, id desc
     limit ${options.limit}`);
}

/** One of the member's own notifications; null for anyone else's. */
export async function getNotification(tx: TenantTransaction, id: string): Promise<Notification | null> {
  const [row] = await tx.query<Notification>(sql`
    select ${notificationColumns} from notifications
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId} and id = ${id}`);
  return row ?? null;
}

export async function countUnreadNotifications(tx: TenantTransaction): Promise<number> {
  const [row] = await tx.query<{ count: number }>(sql`
    select count(*)::int as count from notifications
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId} and read_at is null`);
  return row?.count ?? 0;
}

/** False when the member has no such notification (someone else's, or gone). */
export async function markNotificationRead(tx: TenantTransaction, id: string): Promise<boolean> {
  if (!z.uuid().safeParse(id).success) return false;
  const rows = await tx.query(sql`
    update notifications set read_at = coalesce(read_at, now())
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId} and id = ${id}
    returning id`);
  return rows.length > 0;
}

/** Returns how many were unread. */
export async function markAllNotificationsRead(tx: TenantTransaction): Promise<number> {
  const rows = await tx.query(sql`
    update notifications set read_at = now()
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId} and read_at is null
    returning id`);
  return rows.length;
}

// ----------------------------------------------------------------- preferences

/** Every kind, with email on unless the member turned it off. */
export async function getNotificationPreferences(tx: TenantTransaction): Promise<NotificationPreferences> {
  const rows = await tx.query<{ kind: string; email: boolean }>(sql`
    select kind, email from notification_preferences
     where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId}`);
  const chosen = new Map(rows.map((row) => [row.kind, row.email]));
  return Object.fromEntries(
    notificationKinds.map((kind) => [kind, { email: chosen.get(kind) ?? true }]),
  ) as NotificationPreferences;
}

export async function setNotificationPreference(
  tx: TenantTransaction,
  kind: NotificationKind,
  preference: { email: boolean },
): Promise<void> {
  if (!notificationKinds.includes(kind)) throw new NotificationDataError(kind, "unknown notification kind");
  await tx.query(sql`
    insert into notification_preferences (company_id, user_id, kind, email)
    values (${tx.tenant.companyId}, ${tx.tenant.userId}, ${kind}, ${preference.email})
    on conflict (company_id, user_id, kind) do update set email = excluded.email`);
}
