import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberRole } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createProject } from "../../../db/testing/time-fixtures";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import { apiClient, companyWith, tokenFor } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";

/**
 * A sync client's walk through a large list while people keep logging: every
 * entry that was there when the walk began is seen exactly once, whatever is
 * added between pages.
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

const people = 10;
const daysEach = 100;
const entriesPerDay = 10;

interface EntryPage {
  data: { id: string; day: string }[];
  nextCursor: string | null;
}

describe("paging through 10,000 time entries", () => {
  it("sees each entry once, in order, while new entries arrive between pages", async () => {
    const roles: Record<string, MemberRole> = Object.fromEntries(Array.from({ length: people }, (_, i) => [`person${i}`, "employee"]));
    const { companyId, people: staff } = await companyWith<string>(db, { ...roles, owner: "owner" });
    const projectId = await createProject(db, companyId);
    const { token } = await tokenFor(context, staff.owner!);
    const call = apiClient(context, token);

    // A thousand days back would pass the lock date of no one; a hundred days of ten short entries each, per person.
    const today = todayIn("UTC");
    const days = Array.from({ length: daysEach }, (_, i) => shiftDay(today, -7 - 2 * i));
    const existing: string[] = [];
    for (const [key, person] of Object.entries(staff)) {
      if (key === "owner") continue;
      const entries = days.flatMap((day) => Array.from({ length: entriesPerDay }, () => ({ userId: person.userId, projectId, day, minutes: 15 })));
      const logged = await call("POST", "/api/v1/time-entries/bulk", { body: { entries } });
      expect(logged.status).toBe(201);
      existing.push(...((await logged.json()) as EntryPage).data.map((entry) => entry.id));
    }
    const addedBehind: string[] = [];
    const addedAhead: string[] = [];

    const seen: string[] = [];
    const order: string[] = [];
    let path: string | null = "/api/v1/time-entries?limit=200";
    let page = 0;
    while (path) {
      const response: Response = await call("GET", path);
      expect(response.status).toBe(200);
      const body = (await response.json()) as EntryPage;
      seen.push(...body.data.map((entry) => entry.id));
      order.push(...body.data.map((entry) => `${entry.day} ${entry.id}`));
      const link = response.headers.get("Link");
      path = link ? link.match(/^<([^>]+)>; rel="next"$/)![1]! : null;
      expect(path === null).toBe(body.nextCursor === null);
      if (path) {
        // Between pages: one entry on a day the walk has passed, one on a day still ahead of it.
        const reached = body.data.at(-1)?.day ?? today;
        const person = staff[`person${page % people}`]!.userId;
        for (const [day, list] of [[days.at(-1)!, addedBehind], [shiftDay(reached, 1), addedAhead]] as const) {
          if (day >= shiftDay(today, -1)) continue;
          const added = await call("POST", "/api/v1/time-entries", { body: { userId: person, projectId, day, minutes: 1 } });
          expect(added.status).toBe(201);
          list.push(((await added.json()) as { id: string }).id);
        }
      }
      page += 1;
    }

    const seenOnce = new Set(seen);
    expect(seenOnce.size).toBe(seen.length);
    expect(order).toEqual([...order].sort());
    // Every entry there when the walk began, and those added where it hadn't reached yet.
    expect(existing).toHaveLength(people * daysEach * entriesPerDay);
    expect(existing.filter((id) => !seenOnce.has(id))).toEqual([]);
    expect(addedAhead.length).toBeGreaterThan(40);
    expect(addedAhead.filter((id) => !seenOnce.has(id))).toEqual([]);
    // Those added behind it belong to the next walk.
    expect(addedBehind.filter((id) => seenOnce.has(id))).toEqual([]);
  }, 300_000);
});
