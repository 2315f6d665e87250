import { data, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { requirePermission, type Member } from "~/kernel/accounts/session.server";
import { notFound, refused, succeeded, type Outcome } from "~/kernel/operations";
import { can } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
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
 * A time page's loader: the member, whose time `?person=` names, then the page's
 * reads, in one tenant transaction. A refusal is the page's 403 or 404.
 */
export async function withPersonTime<T>(
  args: { request: Request; params: { company?: string }; context: AppLoadContext },
  person: string | null,
  work: (tx: TenantTransaction, member: Member, person: Person) => Promise<T>,
): Promise<{ member: Member; person: Person; result: T }> {
  const { member, result } = await withCompany(args, "time:log", async (tx, member) => {
    const found = await personFor(tx, member, person);
    return found.ok ? { ok: true as const, person: found.value, result: await work(tx, member, found.value) } : found;
  });
  if (!result.ok) {
    // Through the guard once the page's transaction is over: it records the refused look in the audit log in its own.
    if (result.status === 403) await requirePermission(member, "time:log-for-others");
    throw data(result.message, { status: result.status });
  }
  return { member, person: result.person, result: result.result };
}
