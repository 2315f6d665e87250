import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCursorOf, auditEventJson, encodeAuditCursor } from "~/api/audit/events.server";
import { endpoints } from "~/api/endpoints";
import { listAuditEntries } from "~/audit/audit.server";
import { toModelFilter } from "~/audit/filter";
import { apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/audit-events: the audit log, newest first, with the page's filters, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listAuditEvents, async (tx, _caller, { query }) => {
    const { limit, cursor, ...filters } = query;
    const rows = await listAuditEntries(tx, toModelFilter(filters), { before: auditCursorOf(cursor), limit: limit + 1 });
    const events = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeAuditCursor(events.at(-1)!.seq) : null;
    const headers = new Headers();
    if (nextCursor) {
      const next = new URL(args.request.url);
      next.searchParams.set("cursor", nextCursor);
      next.searchParams.set("limit", String(limit));
      headers.set("Link", `<${next.pathname}${next.search}>; rel="next"`);
    }
    return jsonResponse({ data: events.map(auditEventJson), nextCursor }, { headers });
  });
}

export const action = () => methodNotAllowed(["GET"]);
