import { accountEndpoints } from "./account/endpoints";
import { auditEndpoints } from "./audit/endpoints";
import type { Endpoint } from "./endpoint";
import { reportEndpoints } from "./reports/endpoints";
import { teamEndpoints } from "./teams/endpoints";

/**
 * Every endpoint of /api/v1, once, gathered from each resource's own registry
 * (`app/api/<resource>/endpoints.ts`). The OpenAPI document, the client and the
 * contract test all start from this.
 */
export const endpoints = {
  ...accountEndpoints,
  ...teamEndpoints,
  ...reportEndpoints,
  ...auditEndpoints,
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
