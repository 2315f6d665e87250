import { generateToken, hashToken } from "./tokens.server";
import { sql } from "../../../db/sql";
import type { Queryable } from "../../../db/types";
import type { AuditRequest } from "../../../db/audit-context";
import { noteSignInMethodChange } from "./account-events.server";
import { type AccountDeps, type SignedInUser, passwordResetLifetimeMinutes } from "./account-deps.server";

/**
 * Forgotten and changed passwords.
 *
 * Part of the pre-tenant module (DESIGN.md tenancy rule 4): it runs on the owner
 * connection, which RLS does not restrict, before a company is known. Every query is
 * therefore keyed explicitly by the user, token or company it serves.
 */

/**
 * Start a reset. Resolves the same way whether or not the email has an account,
 * and the caller shows one answer for both.
 */
export async function requestPasswordReset(deps: AccountDeps, email: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.query<SignedInUser>(
      sql`select id, name, email from users where lower(email) = lower(${email})`,
    );
    if (!user) return;
    const token = generateToken();
    const [reset] = await tx.query<{ expires_at: Date }>(sql`
      insert into password_resets (token_hash, user_id, expires_at)
      values (${hashToken(token)}, ${user.id}, now() + make_interval(mins => ${passwordResetLifetimeMinutes}))
      returning expires_at`);
    await deps.queuePasswordResetEmail(tx, {
      to: user.email,
      name: user.name,
      token,
      expiresAt: reset!.expires_at,
    });
  });
}

export type ResetTokenState = "valid" | "expired" | "used" | "unknown";

async function resetTokenState(q: Queryable, token: string): Promise<ResetTokenState> {
  const [row] = await q.query<{ used: boolean; expired: boolean }>(sql`
    select used_at is not null as used, expires_at <= now() as expired
      from password_resets where token_hash = ${hashToken(token)}`);
  if (!row) return "unknown";
  if (row.used) return "used";
  return row.expired ? "expired" : "valid";
}

export function checkPasswordResetToken(deps: AccountDeps, token: string): Promise<ResetTokenState> {
  return resetTokenState(deps.db, token);
}

/**
 * Set a new password with a reset token: single use, signs the person out
 * everywhere, and voids their other outstanding reset links.
 */
export async function resetPassword(
  deps: AccountDeps,
  token: string,
  newPassword: string,
  request?: AuditRequest,
): Promise<{ ok: true; userId: string } | { ok: false; reason: Exclude<ResetTokenState, "valid"> }> {
  const passwordHash = await deps.hasher.hash(newPassword);
  return deps.db.transaction(async (tx) => {
    // Claiming the token with a conditional update makes two concurrent uses impossible.
    const [claimed] = await tx.query<{ user_id: string }>(sql`
      update password_resets set used_at = now()
       where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
       returning user_id`);
    if (!claimed) {
      const state = await resetTokenState(tx, token);
      return { ok: false, reason: state === "valid" ? "used" : state };
    }
    await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${claimed.user_id}`);
    await tx.query(sql`update password_resets set used_at = now() where user_id = ${claimed.user_id} and used_at is null`);
    await tx.query(sql`delete from sessions where user_id = ${claimed.user_id}`);
    await noteSignInMethodChange(deps, tx, { userId: claimed.user_id, action: "password.reset", change: "password-reset", request });
    return { ok: true, userId: claimed.user_id };
  });
}

/** Change a known password; other sessions are signed out, the current one stays. */
export async function changePassword(
  deps: AccountDeps,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; request?: AuditRequest },
): Promise<{ ok: true } | { ok: false; field: "currentPassword"; message: string }> {
  const [row] = await deps.db.query<{ password_hash: string | null }>(
    sql`select password_hash from users where id = ${input.userId}`,
  );
  if (!(await deps.hasher.verify(input.currentPassword, row?.password_hash ?? null))) {
    return { ok: false, field: "currentPassword", message: "That is not your current password" };
  }
  const passwordHash = await deps.hasher.hash(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${input.userId}`);
    await tx.query(sql`delete from sessions where user_id = ${input.userId} and id <> ${input.sessionId}`);
    await noteSignInMethodChange(deps, tx, { userId: input.userId, action: "password.changed", change: "password-changed", request: input.request });
  });
  return { ok: true };
}
