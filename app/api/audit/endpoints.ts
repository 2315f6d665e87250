import { auditFilterSchema } from "~/audit/filter";
import { fileMediaTypes, type Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import { auditEventPageSchema, auditEventSchema } from "./schemas";

const filters =
  "Filters as on the audit log page: `actor` (a person's or token's id), `action` (such as member.role_change, or its first part, member), " +
  "`entity` (the kind of record), `entityId`, and `from`/`to` (days in the company's time zone, inclusive).";

export const auditEndpoints = {
  listAuditEvents: {
    method: "get",
    path: "/api/v1/audit-events",
    operationId: "listAuditEvents",
    tag: "Audit log",
    summary: "List the audit log",
    description: `The company's audit log, newest first, a page at a time. ${filters}`,
    permission: "audit:read",
    query: auditFilterSchema.safeExtend(pageQuery.shape),
    success: { status: 200, description: "A page of events", schema: auditEventPageSchema, headers: ["Link"] },
  },
  exportAuditEvents: {
    method: "get",
    path: "/api/v1/audit-events/export",
    operationId: "exportAuditEvents",
    tag: "Audit log",
    summary: "Export the audit log as NDJSON",
    description:
      `Every event the filters match, newest first, one JSON object per line (\`application/x-ndjson\`), each as the list shows it. ${filters} ` +
      "Streamed from the head of the log when the request arrived: events written meanwhile are not in it. " +
      "Like the audit log page's exports, it needs a plan that includes them (403 otherwise).",
    permission: "audit:export",
    query: auditFilterSchema,
    success: { status: 200, description: "The events, one per line", mediaTypes: { [fileMediaTypes.ndjson]: auditEventSchema } },
  },
} as const satisfies Record<string, Endpoint>;
