import { type AppLoadContext, redirect } from "@remix-run/node";
import { startSession } from "~/kernel/accounts/session.server";

/**
 * The second step of signing in (decision 045). Every way of proving who one is
 * first (the password form, and any provider sign-in added beside it) ends in
 * `signInAfterFirstFactor`: a person with two-factor on gets a pending challenge in
 * a short-lived cookie and the code page; anyone else gets their session at once.
 */

export const secondFactorPath = "/login/two-factor";

export async function signInAfterFirstFactor(
  request: Request,
  context: AppLoadContext,
  userId: string,
  redirectTo: string,
): Promise<Response> {
  if (!(await context.auth.accounts.hasSecondFactor(userId))) return startSession(request, context, userId, redirectTo);
  const token = await context.auth.accounts.createSignInChallenge({ userId, redirectTo });
  return redirect(secondFactorPath, { headers: { "Set-Cookie": await context.auth.signInChallenge.serialize(token) } });
}

export interface PendingSignIn {
  token: string;
  userId: string;
  redirectTo: string;
}

/** The challenge this browser is in the middle of, if it is still live. */
export async function pendingSignIn(request: Request, context: AppLoadContext): Promise<PendingSignIn | null> {
  const token: unknown = await context.auth.signInChallenge.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || token === "") return null;
  const challenge = await context.auth.accounts.findSignInChallenge(token);
  return challenge ? { token, ...challenge } : null;
}

/** Spend the challenge and start the session; null when another tab spent it first. */
export async function completeSecondFactor(request: Request, context: AppLoadContext, pending: PendingSignIn): Promise<Response | null> {
  if (!(await context.auth.accounts.completeSignInChallenge(pending.token))) return null;
  const response = await startSession(request, context, pending.userId, pending.redirectTo);
  response.headers.append("Set-Cookie", await context.auth.signInChallenge.serialize("", { maxAge: 0 }));
  return response;
}
