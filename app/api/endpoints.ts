import { accountEndpoints } from "./account/endpoints";
import { auditEndpoints } from "./audit/endpoints";
import { catalogEndpoints } from "./catalog/endpoints";
import type { Endpoint } from "./endpoint";
import { invoiceEndpoints } from "./invoices/endpoints";
import { memberEndpoints } from "./members/endpoints";
import { notificationEndpoints } from "./notifications/endpoints";
import { reportEndpoints } from "./reports/endpoints";
import { searchEndpoints } from "./search/endpoints";
import { teamEndpoints } from "./teams/endpoints";
import { timeEntryEndpoints } from "./time/endpoints";
import { timesheetEndpoints } from "./timesheets/endpoints";
import { webhookEndpoints } from "./webhooks/endpoints";

/**
 * Every endpoint of /api/v1, once, gathered from each resource's own registry
 * (`app/api/<resource>/endpoints.ts`). The OpenAPI document, the client and the
 * contract test all start from this.
 */
export const endpoints = {
  ...accountEndpoints,
  ...teamEndpoints,
  ...invoiceEndpoints,
  ...timeEntryEndpoints,
  ...memberEndpoints,
  ...catalogEndpoints,
  ...notificationEndpoints,
  ...searchEndpoints,
  ...reportEndpoints,
  ...auditEndpoints,
  ...timesheetEndpoints,
  ...webhookEndpoints,
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
