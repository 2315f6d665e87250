import { z } from "zod";
import { apiScopes } from "./scopes";

/** How long a new token lives; "never" is for owners only (createApiTokenOperation). */
export const expiryChoices = ["7", "30", "90", "365", "never"] as const;
export const defaultExpiry = "90";

const chooseScopes = "Choose at least one scope";

export const createApiTokenInput = z.object({
  name: z.string({ error: "Give the token a name" }).trim().min(1, "Give the token a name").max(100, "Keep the name under 100 characters"),
  scopes: z.array(z.enum(apiScopes, { error: "Choose scopes from the list" }), { error: chooseScopes }).min(1, chooseScopes),
  expiresIn: z.enum(expiryChoices, { error: "Choose how long the token lasts" }).default(defaultExpiry),
});

export const revokeApiTokenInput = z.object({ tokenId: z.uuid({ error: "Choose a token" }) });
