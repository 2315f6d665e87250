import { z } from "zod";
import type { Member } from "~/kernel/accounts/session.server";
import { notFound, refused, succeeded, type Outcome } from "~/kernel/operations";
import { can } from "~/kernel/permissions";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { activeMemberName } from "./week.server";

export interface Person {
  id: string;
  name: string;
  isSelf: boolean;
}

const personId = z.uuid();

/**
 * Whose time a time page or operation is about: the member's own, or (for those
 * allowed to log time for others) another active member's. An unknown or foreign
 * person is not found, like any id the company doesn't have.
 */
export async function personFor(tx: TenantTransaction, member: Member, person: string | null | undefined): Promise<Outcome<Person>> {
  if (!person || person === member.user.id) return succeeded({ id: member.user.id, name: member.user.name, isSelf: true });
  if (!can(member.company.role, "time:log-for-others")) return refused(403, "Your role doesn't allow you to log time for others");
  const name = personId.safeParse(person).success ? await activeMemberName(tx, person) : null;
  return name === null ? notFound("Person") : succeeded({ id: person, name, isSelf: false });
}

/**
 * Whose entries the member may read, as the report pages decide it: everyone's
 * for roles that see all time (null), else their own and their managed teams'
 * people's. RLS enforces the same; naming the people in the query as well lets
 * Postgres read just their rows by index instead of testing every row against the policy.
 */
export async function visiblePeople(tx: TenantTransaction): Promise<string[] | null> {
  if (can(tx.tenant.role, "time:view-all")) return null;
  const [row] = await tx.query<{ ids: string[] }>(sql`select (select app_managed_user_ids()) || ${tx.tenant.userId}::uuid as ids`);
  return row!.ids;
}
