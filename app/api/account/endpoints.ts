import type { Endpoint } from "../endpoint";
import { companySchema, meSchema } from "./schemas";

export const accountEndpoints = {
  me: {
    method: "get",
    path: "/api/v1/me",
    operationId: "getMe",
    tag: "Account",
    summary: "Who the token acts as",
    description: "The person, company and role the token acts as, its scopes and expiry.",
    permission: null,
    success: { status: 200, description: "The token's person and company", schema: meSchema },
  },
  company: {
    method: "get",
    path: "/api/v1/company",
    operationId: "getCompany",
    tag: "Account",
    summary: "The token's company",
    permission: "company:view",
    success: { status: 200, description: "The company", schema: companySchema },
  },
} as const satisfies Record<string, Endpoint>;
