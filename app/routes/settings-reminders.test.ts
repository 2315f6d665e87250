import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { action, loader } from "./c.$company.settings";

/** The reminder setting on the settings page: owners and admins change it; an old form leaves it alone. */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
const company = { id: "", slug: "" };
const tokens = { admin: "", employee: "" };

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  company.id = await createCompany(db, "Reminder settings");
  company.slug = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${company.id}`))[0]!.slug;
  await createMember(db, company.id, "owner");
  const session = (userId: string) => context.auth.accounts.createSession(userId, { ip: null, userAgent: null });
  tokens.admin = await session((await createMember(db, company.id, "admin")).userId);
  tokens.employee = await session((await createMember(db, company.id, "employee")).userId);
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const base = () => ({ name: "Reminder settings", slug: company.slug, timezone: "Europe/Berlin", weekStart: "1", auditRetention: "forever" });

async function post(token: string, body: Record<string, string>) {
  const request = await requestAs(context, token, `/c/${company.slug}/settings`, { method: "POST", body: new URLSearchParams(body) });
  try {
    return statusOf(await action({ request, params: { company: company.slug }, context }));
  } catch (thrown) {
    return statusOf(thrown);
  }
}

const stored = async () =>
  (
    await db.query(sql`
      select reminders_enabled as enabled, reminder_weekday as weekday, reminder_hour as hour from companies where id = ${company.id}`)
  )[0];

describe("reminder settings", () => {
  it("start off, and an admin turns them on for a day and an hour, then off again", async () => {
    const request = await requestAs(context, tokens.admin, `/c/${company.slug}/settings`);
    const loaded = await loader({ request, params: { company: company.slug }, context });
    expect(loaded.settings.reminders).toEqual({ enabled: false, weekday: 5, hour: 15 });

    expect(await post(tokens.admin, { ...base(), remindersEnabled: "on", reminderWeekday: "1", reminderHour: "9" })).toBe(302);
    expect(await stored()).toEqual({ enabled: true, weekday: 1, hour: 9 });
    expect(await post(tokens.admin, { ...base(), reminderWeekday: "1", reminderHour: "9" })).toBe(302);
    expect(await stored()).toEqual({ enabled: false, weekday: 1, hour: 9 });
  });

  it("refuses an hour or day that doesn't exist, and leaves the setting alone when the form has no reminder fields", async () => {
    expect(await post(tokens.admin, { ...base(), remindersEnabled: "on", reminderWeekday: "8", reminderHour: "9" })).toBe(400);
    expect(await post(tokens.admin, { ...base(), remindersEnabled: "on", reminderWeekday: "1", reminderHour: "24" })).toBe(400);
    expect(await stored()).toEqual({ enabled: false, weekday: 1, hour: 9 });
    await db.query(sql`update companies set reminders_enabled = true where id = ${company.id}`);
    expect(await post(tokens.admin, base())).toBe(302);
    expect(await stored()).toEqual({ enabled: true, weekday: 1, hour: 9 });
  });

  it("is not an employee's to change", async () => {
    expect(await post(tokens.employee, { ...base(), reminderWeekday: "3", reminderHour: "10" })).toBe(403);
    expect(await stored()).toMatchObject({ weekday: 1, hour: 9 });
  });
});
