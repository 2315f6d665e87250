import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { queueEmail } from "../../../jobs/outbox";

/** How long before a token's expiry its person is told (issue 16). */
export const expiryWarningDays = 7;

/**
 * Email each active member whose live token of this company expires within the
 * warning period, once per token: the token is marked in the same transaction as
 * the email's outbox row, and only unmarked tokens are chosen, so a second run, a
 * retry or a concurrent run (waiting on the first's row locks) sends nothing more.
 * Returns the tokens warned by this call.
 */
export async function warnOfExpiringApiTokens(tx: TenantTransaction, now: Date): Promise<string[]> {
  const due = await tx.query<{ id: string; name: string; displayPrefix: string; expiresAt: Date; email: string }>(sql`
    update api_tokens t set expiry_warned_at = now()
      from users u, memberships m
     where t.company_id = ${tx.tenant.companyId} and t.revoked_at is null and t.expiry_warned_at is null
       and t.expires_at > ${now} and t.expires_at <= ${now}::timestamptz + make_interval(days => ${expiryWarningDays})
       and u.id = t.user_id
       and m.company_id = t.company_id and m.user_id = t.user_id and m.status = 'active'
     returning t.id, t.name, t.display_prefix as "displayPrefix", t.expires_at as "expiresAt", u.email`);
  for (const token of due) {
    await queueEmail(tx, {
      to: token.email,
      template: "api-token-expiring",
      props: { tokenName: token.name, displayPrefix: token.displayPrefix, expiresAt: new Date(token.expiresAt).toISOString() },
    });
  }
  return due.map((token) => token.id);
}
