import type { AppLoadContext } from "@remix-run/node";
import type { Permission } from "~/kernel/permissions";
import { requireMember, requirePermission, type Member } from "~/kernel/accounts/session.server";
import type { TenantTransaction } from "../../db/tenant";

/**
 * The shape of almost every company page's loader and action: who is asking, may
 * they, then one tenant transaction. Returns the member too, for the page.
 */
export async function withCompany<T>(
  { request, params, context }: { request: Request; params: { company?: string }; context: AppLoadContext },
  permission: Permission,
  work: (tx: TenantTransaction, member: Member) => Promise<T>,
): Promise<{ member: Member; result: T }> {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, permission);
  const result = await context.withTenant(member.tenant, (tx) => work(tx, member));
  return { member, result };
}
