import { sql } from "./sql";
import type { Database } from "./types";

export class SystemRoleError extends Error {
  constructor(role: string) {
    super(
      `The database role "${role}" can't bypass row-level security. Hourbook's connecting role runs migrations, ` +
        `sign-in and the outbox relay across companies (every request drops to hourbook_app), so it must be a ` +
        `superuser or have BYPASSRLS: ALTER ROLE "${role}" BYPASSRLS;`,
    );
    this.name = "SystemRoleError";
  }
}

/**
 * Fail at start-up, with the fix, rather than run with a role that silently sees
 * no rows in the pre-tenant module or the outbox relay (forced RLS applies to it).
 */
export async function assertSystemRoleBypassesRls(db: Database): Promise<void> {
  const [role] = await db.query<{ name: string; bypasses: boolean }>(sql`
    select rolname as name, rolsuper or rolbypassrls as bypasses from pg_roles where rolname = current_user`);
  if (!role?.bypasses) throw new SystemRoleError(role?.name ?? "current_user");
}
