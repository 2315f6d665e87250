import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import type { Scope } from "./scopes";
import { displayPrefix, hashApiToken, newApiToken } from "./secret.server";

export interface ApiTokenListing {
  id: string;
  userId: string;
  ownerName: string;
  name: string;
  scopes: Scope[];
  displayPrefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  /** The secret itself: shown to its person once, never stored. */
  token: string;
  expiresAt: Date | null;
}

/** A token for the member in context; only its hash is kept. */
export async function createApiToken(
  tx: TenantTransaction,
  input: { name: string; scopes: Scope[]; lifetimeDays: number | null },
): Promise<CreatedApiToken> {
  const token = newApiToken();
  const [row] = await tx.query<{ id: string; expiresAt: Date | null }>(sql`
    insert into api_tokens (company_id, user_id, name, scopes, token_hash, display_prefix, expires_at)
    values (${tx.tenant.companyId}, ${tx.tenant.userId}, ${input.name}, ${input.scopes}::text[], ${hashApiToken(token)},
            ${displayPrefix(token)},
            ${input.lifetimeDays === null ? null : sql`now() + make_interval(days => ${input.lifetimeDays})`})
    returning id, expires_at as "expiresAt"`);
  return { id: row!.id, name: input.name, token, expiresAt: row!.expiresAt };
}

const listing = sql`
  select t.id, t.user_id as "userId", u.name as "ownerName", t.name, t.scopes, t.display_prefix as "displayPrefix",
         t.created_at as "createdAt", t.expires_at as "expiresAt", t.last_used_at as "lastUsedAt",
         t.last_used_ip as "lastUsedIp", t.revoked_at as "revokedAt"
    from api_tokens t join users u on u.id = t.user_id`;

/** The member's own tokens, newest first, revoked and expired ones included (they explain a failing script). */
export function listMyApiTokens(tx: TenantTransaction): Promise<ApiTokenListing[]> {
  return tx.query<ApiTokenListing>(sql`
    ${listing}
     where t.company_id = ${tx.tenant.companyId} and t.user_id = ${tx.tenant.userId}
     order by t.created_at desc, t.id`);
}

/** Everyone else's tokens in the company; RLS shows them only to holders of api-token:manage. */
export function listOthersApiTokens(tx: TenantTransaction): Promise<ApiTokenListing[]> {
  return tx.query<ApiTokenListing>(sql`
    ${listing}
     where t.company_id = ${tx.tenant.companyId} and t.user_id <> ${tx.tenant.userId}
     order by lower(u.name), t.created_at desc, t.id`);
}

/**
 * Revokes a token the member may see (their own; any, with api-token:manage).
 * Revoking twice succeeds and changes nothing. null: no such token for them.
 */
export async function revokeApiToken(tx: TenantTransaction, tokenId: string): Promise<{ id: string } | null> {
  const [row] = await tx.query<{ id: string }>(sql`
    update api_tokens set revoked_at = coalesce(revoked_at, now())
     where company_id = ${tx.tenant.companyId} and id = ${tokenId}
    returning id`);
  return row ?? null;
}
