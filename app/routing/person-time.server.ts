import { data, type AppLoadContext } from "@remix-run/node";
import { requirePermission, type Member } from "~/kernel/accounts/session.server";
import { personFor, type Person } from "~/time/whose-time.server";
import type { TenantTransaction } from "../../db/tenant";
import { withCompany } from "./company-data.server";

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
