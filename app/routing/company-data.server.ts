import type { AppLoadContext } from "@remix-run/node";
import type { Permission } from "~/kernel/permissions";
import { can } from "~/kernel/permissions";
import { requireMember, requirePermission, withMember, type Member } from "~/kernel/accounts/session.server";
import type { TenantTransaction } from "../../db/tenant";

type CompanyRequest = { request: Request; params: { company?: string }; context: AppLoadContext };

/**
 * Who is asking, and may they: for the loaders that can't run in one transaction
 * (a streamed download, a page that reads a service). Every other loader uses
 * withCompany, every action companyAction.
 */
export async function companyMember({ request, params, context }: CompanyRequest, permission: Permission): Promise<Member> {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, permission);
  return member;
}

/**
 * The shape of almost every company page's loader: who is asking, may they, then one
 * tenant transaction, whose first statement finds the member (withMember). Returns
 * the member too, for the page.
 */
export async function withCompany<T>(
  args: CompanyRequest,
  permission: Permission,
  work: (tx: TenantTransaction, member: Member) => Promise<T>,
): Promise<{ member: Member; result: T }> {
  const { member, result } = await withMember(args.request, args.context, args.params.company, async (tx, member) =>
    can(member.company.role, permission) ? { allowed: true as const, value: await work(tx, member) } : { allowed: false as const },
  );
  if (result.allowed) return { member, result: result.value };
  // Recorded in a transaction of its own, as the read's would roll back with the 403 it throws.
  await requirePermission(member, permission);
  throw new Error(`The refusal of ${permission} threw no 403`);
}

/**
 * withCompany for the pages that only read, and read a lot: reports and dashboards.
 * Their transaction may run on the read replica (withTenantRead, decision 041), under
 * the same role and policies; nothing in `work` may write.
 */
export async function withCompanyReading<T>(
  args: CompanyRequest,
  permission: Permission,
  work: (tx: TenantTransaction, member: Member) => Promise<T>,
): Promise<{ member: Member; result: T }> {
  const member = await companyMember(args, permission);
  const result = await args.context.withTenantRead(member.tenant, (tx) => work(tx, member));
  return { member, result };
}
