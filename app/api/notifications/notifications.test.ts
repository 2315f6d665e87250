import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createNotification } from "~/kernel/notifications/notifications.server";
import { apiClient, companyWith, problemOf, tokenFor } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";

/**
 * Notifications over the API: a person's own inbox, whatever company or colleague
 * sits beside it, paged newest first and marked read by the page's own operations.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

const api = (token: string) => apiClient(context, token);

/** A submission's notification for `recipient`, made by `sender` as approvals make them; its id. */
async function notify(sender: TenantContext, recipient: TenantContext, weekStart: string): Promise<string> {
  const { id } = await context.withTenant(sender, (tx) =>
    createNotification(tx, { userId: recipient.userId, kind: "timesheet-submitted", data: { submitterName: "Ada", weekStart, totalMinutes: 60 } }),
  );
  return id;
}

interface Page {
  data: { id: string; title: string; readAt: string | null; createdAt: string }[];
  nextCursor: string | null;
}

async function everyPage(call: ReturnType<typeof api>, first: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let path: string | null = first;
  let pages = 0;
  while (path) {
    const response = await call("GET", path);
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    ids.push(...page.data.map((n) => n.id));
    pages += 1;
    const link = response.headers.get("Link");
    expect(link === null).toBe(page.nextCursor === null);
    path = link ? link.match(/^<([^>]+)>/)![1]! : null;
  }
  return { ids, pages };
}

describe("the notifications API", () => {
  it("lists only the token's person's own notifications in its company, newest first, page after page", async () => {
    const { people } = await companyWith(db, { manager: "manager", colleague: "manager", employee: "employee" });
    const elsewhere = await companyWith(db, { owner: "owner", employee: "employee" });
    // The same person in another company: that company's inbox is not this token's.
    await db.query(sql`insert into memberships (company_id, user_id, role) values (${elsewhere.companyId}, ${people.manager.userId}, 'manager')`);
    const mine: string[] = [];
    for (let day = 1; day <= 7; day++) mine.push(await notify(people.employee, people.manager, `2026-09-0${day}`));
    await notify(people.employee, people.colleague, "2026-09-08");
    await notify(elsewhere.people.employee, { ...people.manager, companyId: elsewhere.companyId }, "2026-09-09");

    const { token } = await tokenFor(context, people.manager, ["notifications:read"]);
    const { ids, pages } = await everyPage(api(token), "/api/v1/notifications?limit=3");
    expect(pages).toBe(3);
    expect(ids).toEqual([...mine].reverse());
  });

  it("marks one read by the page's operation, keeps the first time on a repeat, and finds nobody else's", async () => {
    const { people } = await companyWith(db, { manager: "manager", colleague: "manager", employee: "employee" });
    const other = await companyWith(db, { owner: "owner", employee: "employee" });
    const first = await notify(people.employee, people.manager, "2026-10-05");
    const second = await notify(people.employee, people.manager, "2026-10-12");
    const colleagues = await notify(people.employee, people.colleague, "2026-10-12");
    const foreign = await notify(other.people.employee, other.people.owner, "2026-10-12");
    const call = api((await tokenFor(context, people.manager, ["notifications:read"])).token);

    const read = await call("POST", `/api/v1/notifications/${first}/read`);
    expect(read.status).toBe(200);
    const readAt = ((await read.json()) as { id: string; readAt: string | null }).readAt;
    expect(readAt).not.toBeNull();
    const again = (await (await call("POST", `/api/v1/notifications/${first}/read`)).json()) as { readAt: string };
    expect(again.readAt).toBe(readAt);

    for (const id of [colleagues, foreign]) {
      const refused = await call("POST", `/api/v1/notifications/${id}/read`);
      expect(await problemOf(refused)).toMatchObject({ status: 404, code: "not-found" });
    }
    const [untouched] = await db.query<{ unread: number }>(sql`
      select count(*)::int as unread from notifications where id in (${colleagues}, ${foreign}) and read_at is null`);
    expect(untouched!.unread).toBe(2);

    const unread = (await (await call("GET", "/api/v1/notifications?unread=true")).json()) as Page;
    expect(unread.data.map((n) => n.id)).toEqual([second]);
    const seen = (await (await call("GET", "/api/v1/notifications?unread=false")).json()) as Page;
    expect(seen.data.map((n) => n.id)).toEqual([first]);
  });

  it("marks all of the person's own read and says how many were unread, leaving colleagues' inboxes alone", async () => {
    const { people } = await companyWith(db, { manager: "manager", colleague: "manager", employee: "employee" });
    for (const week of ["2026-11-02", "2026-11-09", "2026-11-16"]) await notify(people.employee, people.manager, week);
    const colleagues = await notify(people.employee, people.colleague, "2026-11-16");
    const call = api((await tokenFor(context, people.manager, ["notifications:read"])).token);

    const done = await call("POST", "/api/v1/notifications/read-all");
    expect(await done.json()).toEqual({ count: 3 });
    expect(await (await call("POST", "/api/v1/notifications/read-all")).json()).toEqual({ count: 0 });
    expect(((await (await call("GET", "/api/v1/notifications?unread=true")).json()) as Page).data).toEqual([]);
    const [theirs] = await db.query<{ unread: boolean }>(sql`select read_at is null as unread from notifications where id = ${colleagues}`);
    expect(theirs!.unread).toBe(true);
  });

  it("keeps working while the company is read-only, as the notifications page does", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", employee: "employee" });
    const id = await notify(people.employee, people.owner, "2026-11-16");
    await notify(people.employee, people.owner, "2026-11-23");
    await db.query(sql`
      insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
      values (${companyId}, 'business', 'canceled', 1, ${`cus_n${crypto.randomUUID().replaceAll("-", "")}`}, ${`sub_n${crypto.randomUUID().replaceAll("-", "")}`})`);
    const call = api((await tokenFor(context, people.owner)).token);

    expect((await call("POST", "/api/v1/teams", { body: { name: "Refused" } })).status).toBe(423);
    expect((await call("POST", `/api/v1/notifications/${id}/read`)).status).toBe(200);
    expect(await (await call("POST", "/api/v1/notifications/read-all")).json()).toEqual({ count: 1 });
  });
});
