import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditEventLines } from "~/api/audit/events.server";
import { endpoints } from "~/api/endpoints";
import { toModelFilter } from "~/audit/filter";
import { planFeatureIn } from "~/kernel/company/plan-features.server";
import { apiReadRequest, methodNotAllowed } from "~/routing/api.server";
import { problem } from "~/routing/problems";
import { streamInTenant } from "~/routing/tenant-stream.server";

/**
 * GET /api/v1/audit-events/export: the filtered log as NDJSON, streamed from one
 * transaction. Exports are a plan's feature, as on the audit log's exports page.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { context, request } = args;
  const { caller, query } = await apiReadRequest(args, endpoints.exportAuditEvents);
  const { tenant } = caller.member;
  const plan = await context.withTenant(tenant, (tx) => planFeatureIn(tx, context.billing, "audit-export"));
  if (!plan.allowed) throw problem(403, "forbidden", plan.refusal);
  const body = await streamInTenant(context.withTenant, tenant, (tx) => auditEventLines(tx, toModelFilter(query)), {
    signal: request.signal,
    onError: (error) => context.logger.error({ err: error }, "API audit export broke off"),
  });
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}

export const action = () => methodNotAllowed(["GET"]);
