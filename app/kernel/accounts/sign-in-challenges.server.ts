import { sql } from "../../../db/sql";
import type { AccountDeps } from "./account-deps.server";
import { generateToken, hashToken } from "./tokens.server";

/**
 * The step between a first factor (a password, or a provider's sign-in) and the
 * second: a row whose token the browser holds in a short-lived cookie. No session
 * exists until the second factor is right, and the row is spent when it is.
 * Pre-tenant, like sessions.
 */

/** Long enough to open an authenticator app and type a code; short enough that an abandoned step expires soon. */
export const signInChallengeLifetimeMinutes = 10;

export interface SignInChallenge {
  userId: string;
  redirectTo: string;
}

export async function createSignInChallenge(deps: AccountDeps, challenge: SignInChallenge): Promise<string> {
  const token = generateToken();
  await deps.db.transaction(async (tx) => {
    // One pending step per person: signing in again replaces it, and expired ones go with it.
    await tx.query(sql`delete from sign_in_challenges where user_id = ${challenge.userId} or expires_at <= now()`);
    await tx.query(sql`
      insert into sign_in_challenges (token_hash, user_id, redirect_to, expires_at)
      values (${hashToken(token)}, ${challenge.userId}, ${challenge.redirectTo},
              now() + make_interval(mins => ${signInChallengeLifetimeMinutes}))`);
  });
  return token;
}

export async function findSignInChallenge(deps: AccountDeps, token: string): Promise<SignInChallenge | null> {
  const [row] = await deps.db.query<SignInChallenge>(sql`
    select user_id as "userId", redirect_to as "redirectTo"
      from sign_in_challenges where token_hash = ${hashToken(token)} and expires_at > now()`);
  return row ?? null;
}

/** Spend the challenge; false when it was already spent (two tabs finishing at once) or expired. */
export async function completeSignInChallenge(deps: AccountDeps, token: string): Promise<boolean> {
  const rows = await deps.db.query(sql`
    delete from sign_in_challenges where token_hash = ${hashToken(token)} and expires_at > now() returning 1`);
  return rows.length > 0;
}

/** Whether this person must pass a second factor after their first. */
export async function hasSecondFactor(deps: AccountDeps, userId: string): Promise<boolean> {
  const [row] = await deps.db.query<{ on: boolean }>(sql`
    select exists (select 1 from two_factor_seeds where user_id = ${userId} and confirmed_at is not null) as on`);
  return row?.on ?? false;
}
