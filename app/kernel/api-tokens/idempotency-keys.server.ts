import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import type { Database } from "../../../db/types";

/**
 * The answers kept for Idempotency-Key (api_idempotency_keys, 0021): a key is
 * claimed before its request's change runs and holds the answer once there is one.
 */

export interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface EarlierRequest {
  requestHash: string;
  /** Null while the first request with the key is still running. */
  answer: KeptAnswer | null;
}

interface KeyOf {
  tokenId: string;
  key: string;
}

/**
 * Claim the key for this request, or say what is there already. An expired key is
 * free again. Two claims at once: the unique key makes the second wait for the
 * first's transaction and then find its row.
 */
export async function claimIdempotencyKey(
  tx: TenantTransaction,
  claim: KeyOf & { requestHash: string },
): Promise<{ claimed: true } | { claimed: false; earlier: EarlierRequest }> {
  const { companyId } = tx.tenant;
  await tx.query(sql`
    delete from api_idempotency_keys
     where company_id = ${companyId} and token_id = ${claim.tokenId} and key = ${claim.key} and expires_at <= now()`);
  const inserted = await tx.query(sql`
    insert into api_idempotency_keys (company_id, token_id, key, request_hash)
    values (${companyId}, ${claim.tokenId}, ${claim.key}, ${claim.requestHash})
    on conflict do nothing
    returning key`);
  if (inserted.length) return { claimed: true };
  const [row] = await tx.query<{ requestHash: string; status: number | null; headers: Record<string, string> | null; body: string | null }>(sql`
    select request_hash as "requestHash", status, headers, body from api_idempotency_keys
     where company_id = ${companyId} and token_id = ${claim.tokenId} and key = ${claim.key}`);
  // Gone between the insert and the select: its request was refused meanwhile; the caller claims again.
  if (!row) return { claimed: false, earlier: { requestHash: claim.requestHash, answer: null } };
  const answer = row.status === null ? null : { status: row.status, headers: row.headers ?? {}, body: row.body ?? "" };
  return { claimed: false, earlier: { requestHash: row.requestHash, answer } };
}

/** Keep a successful answer for the rest of the key's 24 hours. */
export async function keepIdempotentAnswer(tx: TenantTransaction, at: KeyOf, answer: KeptAnswer): Promise<void> {
  await tx.query(sql`
    update api_idempotency_keys set status = ${answer.status}, headers = ${answer.headers}, body = ${answer.body}
     where company_id = ${tx.tenant.companyId} and token_id = ${at.tokenId} and key = ${at.key} and status is null`);
}

/** Give up a claim whose request was refused or failed: nothing was kept, so it may be retried. */
export async function releaseIdempotencyKey(tx: TenantTransaction, at: KeyOf): Promise<void> {
  await tx.query(sql`
    delete from api_idempotency_keys
     where company_id = ${tx.tenant.companyId} and token_id = ${at.tokenId} and key = ${at.key} and status is null`);
}

/** Every company's expired keys, on the owner connection (expire-idempotency-keys). */
export async function deleteExpiredIdempotencyKeys(db: Database): Promise<number> {
  const removed = await db.query(sql`delete from api_idempotency_keys where expires_at <= now() returning key`);
  return removed.length;
}
