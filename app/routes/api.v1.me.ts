import type { LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import type { meSchema } from "~/api/account/schemas";
import { authenticate, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** Who the token acts as: any live token may ask, whatever its scopes (endpoints.me). */
export async function loader(args: LoaderFunctionArgs) {
  const { member, token } = await authenticate(args);
  const body: z.output<typeof meSchema> = {
    person: { id: member.user.id, name: member.user.name, email: member.user.email },
    company: { id: member.company.companyId, slug: member.company.slug, name: member.company.name },
    role: member.company.role,
    scopes: token.scopes,
    token: { id: token.id, name: token.name, expiresAt: token.expiresAt?.toISOString() ?? null },
  };
  return jsonResponse(body);
}

export const action = () => methodNotAllowed(["GET"]);
