import { accountEndpoints } from "./account/endpoints";
import type { Endpoint } from "./endpoint";
import { teamEndpoints } from "./teams/endpoints";
import { timesheetEndpoints } from "./timesheets/endpoints";

/**
 * Every endpoint of /api/v1, once, gathered from each resource's own registry
 * (`app/api/<resource>/endpoints.ts`). The OpenAPI document, the client and the
 * contract test all start from this.
 */
export const endpoints = {
  ...accountEndpoints,
  ...teamEndpoints,
  ...timesheetEndpoints,
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
