import type { TenantContext } from "../../db/tenant";
import type { Member } from "~/kernel/accounts/session.server";

/** A member as a page's loader would see them, for calling operations directly. */
export function memberOf(tenant: TenantContext): Member {
  return {
    user: { id: tenant.userId, name: "Test person", email: "test@example.test" },
    sessionId: null,
    company: { companyId: tenant.companyId, slug: "", name: "", role: tenant.role, timezone: "UTC", weekStart: 1 },
    tenant,
    billing: { state: "ok" },
  };
}
