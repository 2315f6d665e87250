import { redirect, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import type { Flash } from "~/components/Toast";

/**
 * A confirmation shown once on the page a successful form redirects to
 * (POST → redirect → GET): the reload-safe way to say "Team created."
 */
const flashSchema: z.ZodType<Flash> = z.object({ id: z.string(), message: z.string() });

export async function redirectWithFlash(context: AppLoadContext, to: string, message: string): Promise<Response> {
  const cookie = await context.auth.flash.serialize({ id: crypto.randomUUID(), message });
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}

/** The waiting confirmation, if any, and the header that clears it so a reload doesn't repeat it. */
export async function takeFlash(request: Request, context: AppLoadContext): Promise<{ flash: Flash | null; headers?: HeadersInit }> {
  const parsed = flashSchema.safeParse(await context.auth.flash.parse(request.headers.get("Cookie")));
  if (!parsed.success) return { flash: null };
  return { flash: parsed.data, headers: { "Set-Cookie": await context.auth.flash.serialize("", { maxAge: 0 }) } };
}
