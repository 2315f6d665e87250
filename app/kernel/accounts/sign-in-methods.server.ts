import type { AccountService } from "./accounts.server";

/**
 * The ways a person can sign in, as the account page's security section lists them.
 * Each method has one loader here that says whether it is set up for the person and
 * where to manage it; a method added later (passkeys, a linked provider) adds its
 * loader to the list and the page shows it without changing.
 */
export interface SignInMethodSummary {
  id: string;
  label: string;
  /** "On", "3 passkeys", "Not set up", … */
  status: string;
  enabled: boolean;
  description: string;
  manage: { href: string; label: string } | null;
}

type SignInMethodLoader = (accounts: AccountService, userId: string) => Promise<SignInMethodSummary>;

const password: SignInMethodLoader = async () => ({
  id: "password",
  label: "Password",
  status: "Set",
  enabled: true,
  description: "Your email address and password.",
  manage: { href: "#password-heading", label: "Change password" },
});

const twoFactor: SignInMethodLoader = async (accounts, userId) => {
  const status = await accounts.twoFactorStatus(userId);
  return {
    id: "two-factor",
    label: "Two-factor authentication",
    status: status.enabled ? `On · ${status.recoveryCodesLeft} recovery codes left` : "Off",
    enabled: status.enabled,
    description: "A code from an authenticator app after your password.",
    manage: { href: "/account/two-factor", label: status.enabled ? "Manage two-factor authentication" : "Set up two-factor authentication" },
  };
};

export const signInMethodLoaders: SignInMethodLoader[] = [password, twoFactor];

export function listSignInMethods(accounts: AccountService, userId: string): Promise<SignInMethodSummary[]> {
  return Promise.all(signInMethodLoaders.map((load) => load(accounts, userId)));
}
