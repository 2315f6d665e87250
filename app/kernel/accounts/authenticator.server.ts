import type { AppLoadContext } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import type { SignedInUser } from "./account-deps.server";

export class InvalidCredentialsError extends Error {
  constructor() {
    super("Email or password is incorrect");
    this.name = "InvalidCredentialsError";
  }
}

/**
 * remix-auth with one strategy: email and password from the sign-in form. Sessions
 * are ours (database rows, see session.server.ts); the authenticator only answers
 * "who is this?" and throws InvalidCredentialsError otherwise.
 */
export function passwordAuthenticator(context: AppLoadContext): Authenticator<SignedInUser> {
  const authenticator = new Authenticator<SignedInUser>();
  authenticator.use(
    new FormStrategy(async ({ form }) => {
      const email = String(form.get("email") ?? "").trim();
      const password = String(form.get("password") ?? "");
      const user = await context.auth.accounts.verifyCredentials(email, password);
      if (!user) throw new InvalidCredentialsError();
      return user;
    }),
    "password",
  );
  return authenticator;
}
