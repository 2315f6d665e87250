import { data, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { requireMember, requirePermission, type Member } from "~/kernel/accounts/session.server";
import { activeMemberName } from "./week.server";

/**
 * Whose time a time page shows: the member's own, or (for those allowed to log
 * time for others) another active member's named by `?person=`. An unknown or
 * foreign person is a 404, like any id the company doesn't have.
 */
export async function whoseTime(
  { request, params, context }: { request: Request; params: { company?: string }; context: AppLoadContext },
  person: string | null,
): Promise<{ member: Member; personId: string; personName: string }> {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "time:log");
  if (!person || person === member.user.id) return { member, personId: member.user.id, personName: member.user.name };
  await requirePermission(member, "time:log-for-others");
  if (!z.uuid().safeParse(person).success) throw data("Person not found", { status: 404 });
  const name = await context.withTenant(member.tenant, (tx) => activeMemberName(tx, person));
  if (name === null) throw data("Person not found", { status: 404 });
  return { member, personId: person, personName: name };
}
