import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import { withTenant, type TenantContext } from "../../../db/tenant";
import { createCompany, createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import {
  countUnreadNotifications,
  createNotification,
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NotificationDataError,
  setNotificationPreference,
  type NewNotification,
} from "./notifications.server";

let db: TestDatabase;
let slug: string;
let employee: TenantContext;
let manager: TenantContext;
let outsider: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Notify Co");
  slug = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${company}`))[0]!.slug;
  employee = await createMember(db, company, "employee");
  manager = await createMember(db, company, "manager");
  outsider = await createMember(db, await createCompany(db, "Elsewhere"), "owner");
});
afterAll(() => db.close());

function submitted(approver: TenantContext, week = "2025-11-17"): NewNotification {
  return {
    userId: approver.userId,
    kind: "timesheet-submitted",
    data: { submitterName: "Edsger Employee", weekStart: week, totalMinutes: 2_400 },
  };
}

const emailsTo = async (userId: string) => {
  const rows = await db.query<{ count: number }>(sql`
    select count(*)::int as count from outbox o join users u on u.email = o.payload->>'to' where u.id = ${userId}`);
  return rows[0]?.count ?? 0;
};

describe("notifications", () => {
  it("reach the recipient only, with a title, an in-app link and an email queued in the same transaction", async () => {
    const { id, emailId } = await withTenant(db, employee, (tx) => createNotification(tx, submitted(manager)));
    expect(emailId).not.toBeNull();
    expect(await emailsTo(manager.userId)).toBe(1);

    const { notifications } = await withTenant(db, manager, (tx) => listNotifications(tx));
    expect(notifications).toEqual([
      expect.objectContaining({
        id,
        kind: "timesheet-submitted",
        title: "Edsger Employee submitted the week of Nov 17, 2025",
        link: `/c/${slug}/approvals?week=2025-11-17`,
        readAt: null,
      }),
    ]);
    expect(await withTenant(db, employee, (tx) => listNotifications(tx))).toEqual({ notifications: [], nextCursor: null });
    expect(await withTenant(db, outsider, (tx) => countUnreadNotifications(tx))).toBe(0);
  });

  it("queue no email when the recipient turned that kind off, and keep each person's preferences their own", async () => {
    await withTenant(db, manager, (tx) => setNotificationPreference(tx, "timesheet-submitted", { email: false }));
    const before = await emailsTo(manager.userId);
    const { emailId } = await withTenant(db, employee, (tx) => createNotification(tx, submitted(manager, "2025-11-24")));
    expect(emailId).toBeNull();
    expect(await emailsTo(manager.userId)).toBe(before);

    const managers = await withTenant(db, manager, (tx) => getNotificationPreferences(tx));
    expect(managers["timesheet-submitted"]).toEqual({ email: false });
    expect(managers["timesheet-approved"]).toEqual({ email: true });
    const employees = await withTenant(db, employee, (tx) => getNotificationPreferences(tx));
    expect(employees["timesheet-submitted"]).toEqual({ email: true });
    await withTenant(db, manager, (tx) => setNotificationPreference(tx, "timesheet-submitted", { email: true }));
  });

  it("count unread, and mark one or all as read, for the member's own notifications only", async () => {
    const other = await createMember(db, employee.companyId, "manager");
    const ids = await withTenant(db, employee, async (tx) => [
      (await createNotification(tx, submitted(other, "2025-10-06"))).id,
      (await createNotification(tx, submitted(other, "2025-10-13"))).id,
      (await createNotification(tx, submitted(other, "2025-10-20"))).id,
    ]);
    expect(await withTenant(db, other, (tx) => countUnreadNotifications(tx))).toBe(3);
    expect(await withTenant(db, employee, (tx) => markNotificationRead(tx, ids[0] ?? ""))).toBe(false);
    expect(await withTenant(db, other, (tx) => markNotificationRead(tx, ids[0] ?? ""))).toBe(true);
    expect(await withTenant(db, other, (tx) => markNotificationRead(tx, "not-an-id"))).toBe(false);
    expect(await withTenant(db, other, (tx) => countUnreadNotifications(tx))).toBe(2);
    expect(await withTenant(db, other, (tx) => markAllNotificationsRead(tx))).toBe(2);
    expect(await withTenant(db, other, (tx) => countUnreadNotifications(tx))).toBe(0);
  });

  it("page newest first with a cursor, without gaps or repeats, even among notifications made at the same moment", async () => {
    const reader = await createMember(db, employee.companyId, "manager");
    const week = (day: number) => `2025-09-${String(day).padStart(2, "0")}`;
    // Days 1–5 in one transaction share their created_at; the rest come one by one.
    await withTenant(db, employee, async (tx) => {
      for (let day = 1; day <= 5; day++) await createNotification(tx, submitted(reader, week(day)));
    });
    for (let day = 6; day <= 25; day++) {
      await withTenant(db, employee, (tx) => createNotification(tx, submitted(reader, week(day))));
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listNotifications>> = await withTenant(db, reader, (tx) =>
        listNotifications(tx, { limit: 10, after }),
      );
      seen.push(...page.notifications.map((n) => n.title));
      after = page.nextCursor;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen.slice(0, 20).map((title) => title.replace(/.* of /, ""))).toEqual(
      Array.from({ length: 20 }, (_, i) => `Sep ${25 - i}, 2025`),
    );
    expect(seen.slice(20).map((title) => title.replace(/.* of /, "")).sort()).toEqual(
      ["Sep 1, 2025", "Sep 2, 2025", "Sep 3, 2025", "Sep 4, 2025", "Sep 5, 2025"],
    );
  });

  it("refuse data that doesn't fit the kind, a URL among the data, and people of another company", async () => {
    await expect(
      withTenant(db, employee, (tx) =>
        createNotification(tx, { ...submitted(manager), data: { ...submitted(manager).data, totalMinutes: -5 } } as NewNotification),
      ),
    ).rejects.toBeInstanceOf(NotificationDataError);
    const withUrl = { ...submitted(manager).data, reviewUrl: "https://evil.example/c/notify/approvals" };
    await expect(
      withTenant(db, employee, (tx) => createNotification(tx, { ...submitted(manager), data: withUrl } as NewNotification)),
    ).rejects.toBeInstanceOf(NotificationDataError);
    await expect(withTenant(db, employee, (tx) => createNotification(tx, submitted(outsider)))).rejects.toMatchObject({
      code: "23503",
    });
  });
});
