import { sql } from "../../../db/sql";
import { companyWith, tokenFor } from "~/testing/api-harness";
import type { ContractCases } from "~/testing/api-contract";

/** A token of a company on the plan with audit exports, owned by its owner. */
async function exportingToken(w: Parameters<ContractCases[string]>[0]): Promise<string> {
  const { companyId, people } = await companyWith(w.db, { owner: "owner" });
  const unique = crypto.randomUUID().replaceAll("-", "");
  await w.db.query(sql`
    insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
    values (${companyId}, 'business', 'active', 1, ${`cus_a${unique}`}, ${`sub_a${unique}`})`);
  const { token } = await tokenFor(w.context, people.owner, ["audit:read", "teams:write"]);
  // Something in its log.
  await w.call("POST", "/api/v1/teams", { token, body: { name: "Exported" } });
  return token;
}

export const auditCases: ContractCases = {
  listAuditEvents: async (w) => {
    await w.call("POST", "/api/v1/teams", { body: { name: `Audited ${Math.random()}` } });
    await w.call("POST", "/api/v1/teams", { body: { name: `Audited ${Math.random()}` } });
    return [
      { path: "/api/v1/audit-events?limit=1", expect: 200 },
      { path: "/api/v1/audit-events?entity=team&action=team", expect: 200 },
      { path: "/api/v1/audit-events?from=2026-12-02&to=2026-12-01", expect: 400 },
      { path: "/api/v1/audit-events?cursor=not-ours", expect: 400 },
      { path: "/api/v1/audit-events?limit=0", expect: 400 },
    ];
  },
  exportAuditEvents: async (w) => [
    { path: "/api/v1/audit-events/export?entity=team", token: await exportingToken(w), expect: 200 },
    { path: "/api/v1/audit-events/export?action=Not+an+action", expect: 400 },
    // The world's company is on the free plan: exports aren't part of it.
    { path: "/api/v1/audit-events/export", expect: 403 },
  ],
};
