import { notFound, operation, refused, succeeded } from "../operations";
import { createApiToken, revokeApiToken } from "./api-tokens.server";
import { createApiTokenInput, revokeApiTokenInput } from "./inputs";

/**
 * Every member may make tokens for themselves, so these need only company:view; what
 * a token can then do is bounded by its person's role anyway (scopes.ts, tokenMay).
 */
export const createApiTokenOperation = operation({
  name: "api-token.create",
  permission: "company:view",
  input: createApiTokenInput,
  run: async (tx, input) => {
    // A token that never expires outlives the person's attention; only an owner answers for that.
    if (input.expiresIn === "never" && tx.tenant.role !== "owner") {
      return refused(422, "Only owners may make a token that never expires", "expiresIn");
    }
    const lifetimeDays = input.expiresIn === "never" ? null : Number(input.expiresIn);
    return succeeded(await createApiToken(tx, { name: input.name, scopes: input.scopes, lifetimeDays }));
  },
});

export const revokeApiTokenOperation = operation({
  name: "api-token.revoke",
  permission: "company:view",
  input: revokeApiTokenInput,
  run: async (tx, input) => {
    const revoked = await revokeApiToken(tx, input.tokenId);
    return revoked ? succeeded(revoked) : notFound("Token");
  },
});
