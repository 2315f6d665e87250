/**
 * A company that requires two-factor authentication, and a member who hasn't set it
 * up: the one rule, asked in SQL by two_factor_setup_due() (0032) as part of the
 * membership lookup both doors already make (a session's and an API token's), so it
 * costs no query of its own. Pages send the person to set it up; tokens stop working.
 */

/** Where a member is sent before any page of a company that requires two-factor. */
export function twoFactorSetupPath(companySlug: string): string {
  return `/account/two-factor?${new URLSearchParams({ required: companySlug }).toString()}`;
}

export function twoFactorRequiredForTokens(companyName: string): string {
  return `${companyName} requires two-factor authentication. This token's person must turn it on at /account/two-factor before their tokens work again.`;
}
