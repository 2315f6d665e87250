import type { AppLoadContext } from "@remix-run/node";

/** The confirmation a successful action's redirect carries to the next page, read from its flash cookie; null when none. */
export async function flashOf(context: AppLoadContext, outcome: unknown): Promise<string | null> {
  const cookie = outcome instanceof Response ? outcome.headers.get("Set-Cookie") : null;
  if (!cookie) return null;
  const flash: unknown = await context.auth.flash.parse(cookie);
  return typeof flash === "object" && flash !== null && "message" in flash && typeof flash.message === "string" ? flash.message : null;
}
