import { randomBytes } from "node:crypto";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import type { SecretBox } from "../secrets.server";
import { queueDrain } from "./deliveries.server";

/** An endpoint as its pages and the API show it; never its secrets. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  /** While a rotation's overlap lasts, the previous secret signs too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Standard Webhooks' secret format: whsec_ and base64 of 24 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

const endpointColumns = sql`
  id, url, description, event_types as "eventTypes", disabled_at as "disabledAt", disabled_reason as "disabledReason",
  failing_since as "failingSince",
  case when previous_secret_expires_at > now() then previous_secret_expires_at end as "previousSecretExpiresAt",
  created_at as "createdAt", updated_at as "updatedAt"`;

export async function createEndpoint(
  tx: TenantTransaction,
  secrets: SecretBox,
  input: { url: string; description: string; eventTypes: string[] },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newSigningSecret();
  const [endpoint] = await tx.query<WebhookEndpoint>(sql`
    insert into webhook_endpoints (company_id, url, description, event_types, secret_sealed)
    values (${tx.tenant.companyId}, ${input.url}, ${input.description}, ${input.eventTypes}::text[], ${secrets.seal(secret)})
    returning ${endpointColumns}`);
  return { endpoint: endpoint!, secret };
}

/** Newest first; a company has a handful, so no paging. */
export function listEndpoints(tx: TenantTransaction): Promise<WebhookEndpoint[]> {
  return tx.query<WebhookEndpoint>(sql`select ${endpointColumns} from webhook_endpoints order by created_at desc, id limit 200`);
}

export async function getEndpoint(tx: TenantTransaction, endpointId: string): Promise<WebhookEndpoint | null> {
  const [endpoint] = await tx.query<WebhookEndpoint>(sql`select ${endpointColumns} from webhook_endpoints where id = ${endpointId}`);
  return endpoint ?? null;
}

export async function updateEndpoint(
  tx: TenantTransaction,
  change: { endpointId: string; url?: string; description?: string; eventTypes?: string[]; enabled?: boolean },
): Promise<WebhookEndpoint | null> {
  const enabled = change.enabled ?? null;
  const [endpoint] = await tx.query<WebhookEndpoint & { reenabled: boolean }>(sql`
    update webhook_endpoints
       set url = coalesce(${change.url ?? null}, url),
           description = coalesce(${change.description ?? null}, description),
           event_types = coalesce(${change.eventTypes ?? null}::text[], event_types),
           disabled_at = case when ${enabled}::boolean is null then disabled_at
                              when ${enabled}::boolean then null else coalesce(disabled_at, now()) end,
           disabled_reason = case when ${enabled}::boolean is null then disabled_reason
                                  when ${enabled}::boolean then null else 'Turned off by a person' end,
           failing_since = case when ${enabled}::boolean then null else failing_since end,
           updated_at = now()
     where id = ${change.endpointId}
    returning ${endpointColumns}`);
  // Deliveries that waited while it was off go out now.
  if (endpoint && enabled) await queueDrain(tx, endpoint.id);
  return endpoint ?? null;
}

export async function deleteEndpoint(tx: TenantTransaction, endpointId: string): Promise<boolean> {
  const deleted = await tx.query(sql`delete from webhook_endpoints where id = ${endpointId} returning id`);
  return deleted.length > 0;
}

/** A new secret; the old one keeps signing for `overlapHours`. Returns the new secret, shown once. */
export async function rotateSecret(
  tx: TenantTransaction,
  secrets: SecretBox,
  endpointId: string,
  overlapHours: number,
): Promise<{ endpoint: WebhookEndpoint; secret: string } | null> {
  const secret = newSigningSecret();
  const [endpoint] = await tx.query<WebhookEndpoint>(sql`
    update webhook_endpoints
       set previous_secret_sealed = secret_sealed,
           previous_secret_expires_at = now() + make_interval(hours => ${overlapHours}),
           secret_sealed = ${secrets.seal(secret)},
           updated_at = now()
     where id = ${endpointId}
    returning ${endpointColumns}`);
  return endpoint ? { endpoint, secret } : null;
}

export interface WebhookAttempt {
  attempt: number;
  /** ISO 8601, as the log stores it. */
  startedAt: string;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** The body sent. */
  payload: Record<string, unknown>;
  log: WebhookAttempt[];
}

/** An endpoint's deliveries, newest first, a page at a time by keyset on (created_at, id); `position` is the keyset's time as text. */
export async function listDeliveries(
  tx: TenantTransaction,
  endpointId: string,
  page: { limit: number; after?: { position: string; id: string } | null },
): Promise<(WebhookDelivery & { position: string })[]> {
  const after = page.after ? sql`and (d.created_at, d.id) < (${page.after.position}::timestamptz, ${page.after.id}::uuid)` : sql``;
  return tx.query<WebhookDelivery & { position: string }>(sql`
    select d.id, d.created_at::text as position, d.endpoint_id as "endpointId", d.event_id as "eventId", e.type as "eventType", d.status, d.attempts,
           case when d.status = 'pending' then d.next_attempt_at end as "nextAttemptAt",
           d.created_at as "createdAt", d.finished_at as "finishedAt", e.payload,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'attempt', a.attempt, 'startedAt', a.started_at, 'durationMs', a.duration_ms,
                       'requestHeaders', a.request_headers, 'responseStatus', a.response_status,
                       'responseBody', a.response_body, 'error', a.error) order by a.attempt)
                       from webhook_attempts a where a.company_id = d.company_id and a.delivery_id = d.id), '[]'::jsonb) as log
      from webhook_deliveries d join webhook_events e on e.company_id = d.company_id and e.id = d.event_id
     where d.endpoint_id = ${endpointId} ${after}
     order by d.created_at desc, d.id desc
     limit ${page.limit}`);
}
