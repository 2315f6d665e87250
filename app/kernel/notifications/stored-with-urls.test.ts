import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "../../../db/migrate";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { createCompany, createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { messagePaths } from "../../../emails/links";
import { emailProps, type EmailTemplate } from "../../../emails/messages";

/**
 * Notifications stored before decision 029 held their email's links in `data`.
 * 0019 rewrites them to the ids the links are built from; run again here on rows
 * written the old way, each must come out valid for its kind and build the very
 * link it was stored with.
 */
let db: TestDatabase;
let member: TenantContext;
let slug: string;

const appUrl = "https://app.hourbook.test";
const projectId = "0b9c7a4e-5d1f-4c3b-9a8e-2f6d1e0c7b5a";
const exportId = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const week = "2026-11-16";

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Stored Co");
  slug = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${company}`))[0]!.slug;
  member = await createMember(db, company, "owner");
});
afterAll(() => db.close());

function storedBefore(): { kind: EmailTemplate; data: Record<string, unknown>; ids: Record<string, unknown> }[] {
  const base = `${appUrl}/c/${slug}`;
  return [
    { kind: "timesheet-submitted", data: { submitterName: "Ed", weekStart: week, totalMinutes: 60, reviewUrl: `${base}/approvals?week=${week}` }, ids: {} },
    { kind: "timesheet-approved", data: { approverName: "Jo", weekStart: week, totalMinutes: 60, timesheetUrl: `${base}/time?week=${week}` }, ids: {} },
    { kind: "timesheet-sent-back", data: { reviewerName: "Jo", weekStart: week, comment: "Friday?", timesheetUrl: `${base}/time?week=${week}` }, ids: {} },
    { kind: "timesheet-reminder", data: { weekStart: week, timesheetUrl: `${base}/time?week=${week}` }, ids: {} },
    {
      kind: "timesheet-digest",
      data: { weekStart: week, notSubmitted: ["Ed"], waitingCount: 2, approvalsUrl: `${base}/approvals?week=${week}` },
      ids: {},
    },
    {
      kind: "budget-alert",
      data: { projectName: "Web", clientName: null, threshold: 80, loggedMinutes: 90, budgetMinutes: 100, projectUrl: `${base}/projects/${projectId}` },
      ids: { projectId },
    },
    {
      kind: "export-ready",
      data: { exportName: "Audit log", downloadUrl: `${base}/audit/exports/${exportId}/download`, expiresAt: "2026-11-23T10:00:00.000Z" },
      ids: { exportId, exportArea: "audit" },
    },
    { kind: "payment-failed", data: { amountDue: 14_700, currency: "eur", billingUrl: `${base}/billing` }, ids: {} },
  ];
}

describe("notifications stored with URLs", () => {
  it("keep their facts and link once 0019 turns their URLs into ids", async () => {
    const rows = storedBefore();
    for (const row of rows) {
      const link = new URL(Object.entries(row.data).find(([key]) => key.endsWith("Url"))![1] as string);
      await db.query(sql`
        insert into notifications (company_id, user_id, kind, title, link, data)
        values (${member.companyId}, ${member.userId}, ${row.kind}, 'Stored before', ${`${link.pathname}${link.search}`}, ${row.data})`);
    }
    const migration = readMigrations().find((file) => file.name === "0019_notification_data_without_urls.sql")!;
    await db.transaction((tx) => tx.exec(migration.script));

    const stored = await db.query<{ kind: EmailTemplate; link: string; data: Record<string, unknown> }>(sql`
      select kind, link, data from notifications where company_id = ${member.companyId}`);
    expect(stored).toHaveLength(rows.length);
    for (const row of rows) {
      const migrated = stored.find((notification) => notification.kind === row.kind)!;
      const kept = Object.fromEntries(Object.entries(row.data).filter(([key]) => !key.endsWith("Url")));
      expect(migrated.data).toEqual({ ...kept, ...row.ids });
      const props = emailProps[row.kind].parse(migrated.data);
      expect(messagePaths(row.kind, props as never, slug).action).toBe(migrated.link);
    }
  });
});
