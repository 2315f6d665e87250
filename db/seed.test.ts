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

  it("changes nothing the second time", async () => {
    const [before] = await db.query<{ n: number }>(sql`select count(*)::int as n from users`);
    expect(await seedDemoData(db)).toBe(false);
    const [after] = await db.query<{ n: number }>(sql`select count(*)::int as n from users`);
    expect(after).toEqual(before);
  });
});
