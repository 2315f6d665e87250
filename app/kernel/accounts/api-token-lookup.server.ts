import { hashApiToken, looksLikeApiToken, sameHash } from "~/kernel/api-tokens/secret.server";
import type { Scope } from "~/kernel/api-tokens/scopes";
import { sql } from "../../../db/sql";
import type { AccountDeps, SignedInUser } from "./account-deps.server";
import type { MembershipWithSubscription } from "./sessions.server";

/**
 * The person and company behind an API token: part of the pre-tenant module, as a
 * session's lookup is, because the company is only known once the token is found.
 * Every request reads the person's current membership, so deactivating them kills
 * their tokens and demoting them narrows their tokens at once.
 */
export interface ApiTokenHolder {
  tokenId: string;
  tokenName: string;
  scopes: Scope[];
  expiresAt: Date | null;
  user: SignedInUser;
  membership: MembershipWithSubscription;
}

// As with sessions, rewriting last use on every call would make each read a write.
const lastUsedResolutionSeconds = 60;

/** null for anything but a live token of an active member: the door answers 401 for all of them alike. */
export async function findApiTokenHolder(deps: AccountDeps, token: string, ip: string | null): Promise<ApiTokenHolder | null> {
  if (!looksLikeApiToken(token)) return null;
  const hash = hashApiToken(token);
  const [row] = await deps.db.query<{
    tokenId: string; tokenName: string; scopes: Scope[]; expiresAt: Date | null; tokenHash: string; stale: boolean;
    userId: string; userName: string; email: string; companyId: string; slug: string; companyName: string;
    role: MembershipWithSubscription["role"]; timezone: string; weekStart: number;
    subscriptionStatus: string | null; pastDueSince: Date | null; twoFactorSetupDue: boolean;
  }>(sql`
    select t.id as "tokenId", t.name as "tokenName", t.scopes, t.expires_at as "expiresAt", t.token_hash as "tokenHash",
           (t.last_used_at is null or t.last_used_at < now() - make_interval(secs => ${lastUsedResolutionSeconds})
            or t.last_used_ip is distinct from ${ip}) as stale,
           u.id as "userId", u.name as "userName", u.email, c.id as "companyId", c.slug, c.name as "companyName",
           m.role, c.timezone, c.week_start as "weekStart", s.status as "subscriptionStatus", s.past_due_since as "pastDueSince",
           two_factor_setup_due(c.id, m.user_id) as "twoFactorSetupDue"
      from api_tokens t
      join memberships m on m.company_id = t.company_id and m.user_id = t.user_id
      join users u on u.id = t.user_id
      join companies c on c.id = t.company_id
      left join company_subscriptions s on s.company_id = t.company_id
     where t.token_hash = ${hash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
       and m.status = 'active'`);
  if (!row || !sameHash(row.tokenHash, hash)) return null;
  if (row.stale) {
    await deps.db.query(sql`
      update api_tokens set last_used_at = now(), last_used_ip = ${ip?.slice(0, 100) ?? null}
       where company_id = ${row.companyId} and id = ${row.tokenId}`);
  }
  return {
    tokenId: row.tokenId,
    tokenName: row.tokenName,
    scopes: row.scopes,
    expiresAt: row.expiresAt,
    user: { id: row.userId, name: row.userName, email: row.email },
    membership: {
      companyId: row.companyId,
      slug: row.slug,
      name: row.companyName,
      role: row.role,
      timezone: row.timezone,
      weekStart: row.weekStart,
      subscription: row.subscriptionStatus ? { status: row.subscriptionStatus, pastDueSince: row.pastDueSince } : null,
      twoFactorSetupDue: row.twoFactorSetupDue,
    },
  };
}
