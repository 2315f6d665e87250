import type { AppLoadContext } from "@remix-run/node";

/** The confirmation a successful action's redirect carries to the next page, as the toast will show it. */
export async function flashOf(context: AppLoadContext, outcome: unknown): Promise<string | undefined> {
  if (!(outcome instanceof Response)) return undefined;
  const flash = (await context.auth.flash.parse(outcome.headers.get("Set-Cookie"))) as { message?: string } | null;
  return flash?.message;
}
