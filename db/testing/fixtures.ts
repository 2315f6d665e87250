import { randomUUID } from "node:crypto";
import { sql } from "../sql";
import type { MemberRole, TenantContext } from "../tenant";
import type { Database } from "../types";

/** Test data written by the owner connection, around RLS, as sign-up will be. */
export async function createCompany(db: Database, name = "Test company"): Promise<string> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const [row] = await db.query<{ id: string }>(
    sql`insert into companies (name, slug) values (${name}, ${slug}) returning id`,
  );
  if (!row) throw new Error("createCompany: no row");
  return row.id;
}

export async function createUser(db: Database, name = "Test person"): Promise<string> {
  const email = `${randomUUID()}@people.example`;
  const [row] = await db.query<{ id: string }>(
    sql`insert into users (email, name) values (${email}, ${name}) returning id`,
  );
  if (!row) throw new Error("createUser: no row");
  return row.id;
}

/** A new person with `role` in the company, as the tenant context they would act in. */
export async function createMember(db: Database, companyId: string, role: MemberRole): Promise<TenantContext> {
  const userId = await createUser(db);
  await db.query(sql`insert into memberships (company_id, user_id, role) values (${companyId}, ${userId}, ${role})`);
  return { companyId, userId, role };
}
