import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberRoles } from "./tenant";
import { seedDemoData } from "./seed";
import { sql } from "./sql";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe("seedDemoData", () => {
  it("creates two companies, each with a person in every role and live projects", async () => {
    expect(await seedDemoData(db)).toBe(true);
    const roles = await db.query<{ slug: string; roles: string[]; projects: number }>(sql`
      select c.slug,
             array(select distinct m.role from memberships m where m.company_id = c.id order by 1) as roles,
             (select count(*)::int from projects p where p.company_id = c.id and p.archived_at is null) as projects
        from companies c order by c.slug`);
    expect(roles).toEqual([
      { slug: "acme", roles: [...memberRoles].sort(), projects: 4 },
      { slug: "globex", roles: [...memberRoles].sort(), projects: 3 },
    ]);
  });

  it("gives each logger four approved weeks with frozen rates, last week waiting and this week in progress", async () => {
    const weeks = await db.query<{ email: string; statuses: string[]; unfrozenApproved: number }>(sql`
      select u.email,
             array(select s.status from timesheets s where s.user_id = u.id order by s.week_start) as statuses,
             (select count(*)::int from time_entries e join timesheets s on s.company_id = e.company_id and s.id = e.timesheet_id
               where e.user_id = u.id and s.status = 'approved' and e.frozen_at is null) as "unfrozenApproved"
        from users u
       where exists (select 1 from timesheets s where s.user_id = u.id)
       order by u.email`);
    const expected = ["approved", "approved", "approved", "approved", "submitted", "draft"];
    expect(weeks).toEqual([
      { email: "employee@acme.example", statuses: expected, unfrozenApproved: 0 },
      { email: "employee@globex.example", statuses: expected, unfrozenApproved: 0 },
      { email: "manager@acme.example", statuses: expected, unfrozenApproved: 0 },
    ]);
  });

  it("changes nothing the second time", async () => {
    const [before] = await db.query<{ n: number }>(sql`select count(*)::int as n from users`);
    expect(await seedDemoData(db)).toBe(false);
    const [after] = await db.query<{ n: number }>(sql`select count(*)::int as n from users`);
    expect(after).toEqual(before);
  });
});
