/**
 * The pre-tenant module (DESIGN.md tenancy rule 4), one file per concern: sign-up
 * and its email confirmation, sign-in and sessions (with "which companies is this
 * person in"), the person and company behind an API token, password resets,
 * invitation acceptance, the person's profile and their second factor. All of it must run before
 * a company is known, on the owner connection, which RLS does not restrict; keep it
 * small, as anything that can run inside withTenant belongs in another model.
 * This file binds the functions to their connection for the load context.
 */
import type { AccountDeps } from "./account-deps.server";
import { findApiTokenHolder } from "./api-token-lookup.server";
import { acceptInvitation, findInvitation } from "./invitation-acceptance.server";
import { changePassword, checkPasswordResetToken, requestPasswordReset, resetPassword } from "./password-reset.server";
import {
  createSession,
  findMembership,
  listMemberships,
  listSessions,
  readSession,
  recordAccountEvent,
  revokeAllSessions,
  revokeSession,
  revokeSessionByToken,
  sessionOwner,
  verifyCredentials,
  withSessionMembership,
} from "./sessions.server";
import { confirmSignUp, findSignUpRequest, requestSignUp, signUp } from "./sign-up.server";
import { confirmEmailChange, findEmailChange, readProfile, requestEmailChange, updateProfile } from "./profile.server";
import { completeSignInChallenge, createSignInChallenge, findSignInChallenge, hasSecondFactor } from "./sign-in-challenges.server";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
  twoFactorStatus,
  verifySecondFactor,
} from "./two-factor.server";

// ---------------------------------------------------------------- binding

const accountFunctions = {
  signUp,
  requestSignUp,
  findSignUpRequest,
  confirmSignUp,
  verifyCredentials,
  createSession,
  readSession,
  listSessions,
  revokeSession,
  revokeAllSessions,
  revokeSessionByToken,
  listMemberships,
  findMembership,
  withSessionMembership,
  requestPasswordReset,
  checkPasswordResetToken,
  resetPassword,
  changePassword,
  findInvitation,
  acceptInvitation,
  recordAccountEvent,
  sessionOwner,
  findApiTokenHolder,
  readProfile,
  updateProfile,
  requestEmailChange,
  findEmailChange,
  confirmEmailChange,
  twoFactorStatus,
  startTwoFactorSetup,
  confirmTwoFactorSetup,
  verifySecondFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  hasSecondFactor,
  createSignInChallenge,
  findSignInChallenge,
  completeSignInChallenge,
};

type BoundTo<D, F> = { [K in keyof F]: F[K] extends (deps: D, ...args: infer A) => infer R ? (...args: A) => R : never };

export type AccountService = BoundTo<AccountDeps, typeof accountFunctions>;

/** The account functions with their connection bound, as routes receive them in the load context. */
export function createAccountService(deps: AccountDeps): AccountService {
  return Object.fromEntries(
    Object.entries(accountFunctions).map(([name, fn]) => [
      name,
      (...args: unknown[]) => (fn as (d: AccountDeps, ...a: unknown[]) => unknown)(deps, ...args),
    ]),
  ) as AccountService;
}
