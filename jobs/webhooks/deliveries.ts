import type { AuditActor } from "../../db/audit-context";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import type { Database } from "../../db/types";
import type { SecretBox } from "../../app/kernel/secrets.server";
import { notifyEndpointDisabled, queueDrain } from "../../app/kernel/webhooks/deliveries.server";
import { actForCompany } from "../processors/company-sweep";
import type { Resolver, WebhookNetworkPolicy } from "../../app/kernel/webhooks/address-guard";
import { sendWebhook, signedHeaders, type SendResult } from "./send";

/**
 * Delivering a company's webhook events: one delivery per event and endpoint, sent
 * one at a time per endpoint in the order the events were written. A delivery that
 * fails waits (next_attempt_at, exponential: 1, 2, 4 … 2,048 minutes, 13 attempts over
 * about 2.8 days) and holds back the endpoint's later deliveries until it succeeds or
 * is given up; at least once, so receivers de-duplicate by the webhook-id header
 * (docs/decisions/049-outgoing-webhooks.md).
 */
export const maxDeliveryAttempts = 13;
export const firstRetryMs = 60_000;
/** An endpoint that has failed for this long, with no success between, is disabled. */
export const disableAfterMs = 3 * 24 * 60 * 60_000;
/** How long one deliverer holds an endpoint; renewed before each delivery. */
const leaseSeconds = 60;

/** Wait before the next attempt, after `attempts` failed ones. */
export function retryDelayMs(attempts: number): number {
  return firstRetryMs * 2 ** (attempts - 1);
}

export interface DeliveryDependencies {
  db: Database;
  secrets: SecretBox;
  policy: WebhookNetworkPolicy;
  /** The clock; tests move it. */
  now?: () => Date;
  timeoutMs?: number;
  resolve?: Resolver;
}

const actor: AuditActor = { kind: "system", id: "deliver-webhooks", name: "Webhook deliveries" };

/** The event to each live endpoint that asked for its type and existed when it happened; then each such endpoint is drained. */
export async function fanOutEvent(tx: TenantTransaction, eventId: string): Promise<void> {
  const endpoints = await tx.query<{ endpointId: string }>(sql`
    with event as (select id, seq, type, occurred_at from webhook_events where company_id = ${tx.tenant.companyId} and id = ${eventId}),
    added as (
      insert into webhook_deliveries (company_id, endpoint_id, event_id, event_seq)
      select ${tx.tenant.companyId}, endpoint.id, event.id, event.seq
        from event join webhook_endpoints endpoint
          on endpoint.disabled_at is null and event.type = any (endpoint.event_types) and endpoint.created_at <= event.occurred_at
      on conflict do nothing
      returning endpoint_id)
    select endpoint_id as "endpointId" from added`);
  for (const { endpointId } of endpoints) await queueDrain(tx, endpointId);
}

interface NextDelivery {
  id: string;
  url: string;
  secrets: string[];
  eventId: string;
  body: string;
  attempts: number;
}

/** Leases the endpoint and finds its first waiting delivery, if it is due; null leaves the lease released. */
async function takeNext(tx: TenantTransaction, deps: DeliveryDependencies, endpointId: string, now: Date): Promise<NextDelivery | null> {
  const [endpoint] = await tx.query<{ url: string; secret: string; previous: string | null }>(sql`
    update webhook_endpoints
       set drained_until = ${now}::timestamptz + make_interval(secs => ${leaseSeconds})
     where id = ${endpointId} and disabled_at is null and (drained_until is null or drained_until <= ${now})
    returning url, secret_sealed as secret,
              case when previous_secret_expires_at > ${now} then previous_secret_sealed end as previous`);
  if (!endpoint) return null;
  const [head] = await tx.query<{ id: string; eventId: string; body: string; attempts: number; due: boolean }>(sql`
    select d.id, d.event_id as "eventId", e.payload::text as body, d.attempts,
           (d.attempts = 0 or d.next_attempt_at <= ${now}) as due
      from webhook_deliveries d join webhook_events e on e.company_id = d.company_id and e.id = d.event_id
     where d.company_id = ${tx.tenant.companyId} and d.endpoint_id = ${endpointId} and d.status = 'pending'
     order by d.event_seq limit 1`);
  if (!head?.due) {
    await tx.query(sql`update webhook_endpoints set drained_until = null where id = ${endpointId}`);
    return null;
  }
  const secrets = [endpoint.secret, ...(endpoint.previous ? [endpoint.previous] : [])].map((sealed) => deps.secrets.open(sealed));
  return { id: head.id, url: endpoint.url, secrets, eventId: head.eventId, body: head.body, attempts: head.attempts };
}

/** Logs the attempt and moves the delivery on; true when the endpoint may go on to its next delivery. */
async function record(
  tx: TenantTransaction,
  endpointId: string,
  delivery: NextDelivery,
  sent: { headers: Record<string, string>; result: SendResult; startedAt: Date },
  now: Date,
): Promise<boolean> {
  const { result } = sent;
  const attempts = delivery.attempts + 1;
  await tx.query(sql`
    insert into webhook_attempts (company_id, delivery_id, attempt, started_at, duration_ms, request_headers, response_status, response_body, error)
    values (${tx.tenant.companyId}, ${delivery.id},
            (select count(*) + 1 from webhook_attempts where company_id = ${tx.tenant.companyId} and delivery_id = ${delivery.id}),
            ${sent.startedAt}, ${result.durationMs}, ${sent.headers}, ${result.status}, ${result.body}, ${result.error})`);
  if (result.ok) {
    await tx.query(sql`update webhook_deliveries set status = 'delivered', attempts = ${attempts}, finished_at = ${now} where id = ${delivery.id}`);
    await tx.query(sql`update webhook_endpoints set failing_since = null where id = ${endpointId}`);
    return true;
  }
  const givenUp = attempts >= maxDeliveryAttempts;
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  await tx.query(sql`
    update webhook_deliveries
       set attempts = ${attempts}, status = ${givenUp ? "failed" : "pending"}, next_attempt_at = ${next},
           finished_at = ${givenUp ? now : null}
     where id = ${delivery.id}`);
  const [endpoint] = await tx.query<{ failingSince: Date }>(sql`
    update webhook_endpoints set failing_since = coalesce(failing_since, ${now})
     where id = ${endpointId} returning failing_since as "failingSince"`);
  if (endpoint && now.getTime() - endpoint.failingSince.getTime() >= disableAfterMs) {
    await disableEndpoint(tx, endpointId, endpoint.failingSince, now);
    return false;
  }
  return givenUp;
}

async function disableEndpoint(tx: TenantTransaction, endpointId: string, failingSince: Date, now: Date): Promise<void> {
  const [disabled] = await tx.query<{ url: string }>(sql`
    update webhook_endpoints
       set disabled_at = ${now}, disabled_reason = 'Every delivery failed for 3 days', drained_until = null
     where id = ${endpointId} and disabled_at is null returning url`);
  if (disabled) await notifyEndpointDisabled(tx, { endpointId, endpointUrl: disabled.url, failingSince: failingSince.toISOString() });
}

/**
 * Sends the endpoint's due deliveries in order until one fails, none is due, or
 * another deliverer holds the endpoint. The request goes out between two short
 * transactions, so a slow receiver never holds a database connection.
 */
export async function drainEndpoint(deps: DeliveryDependencies, companyId: string, endpointId: string): Promise<number> {
  const clock = () => deps.now?.() ?? new Date();
  let sentCount = 0;
  for (;;) {
    const now = clock();
    const delivery = await actForCompany(deps.db, companyId, actor, (tx) => takeNext(tx, deps, endpointId, now));
    if (!delivery) return sentCount;
    const startedAt = clock();
    const headers = signedHeaders({ messageId: delivery.eventId, body: delivery.body, secrets: delivery.secrets, at: startedAt });
    const result = await sendWebhook(delivery.url, headers, delivery.body, { policy: deps.policy, timeoutMs: deps.timeoutMs, resolve: deps.resolve });
    sentCount += 1;
    const goOn = await actForCompany(deps.db, companyId, actor, async (tx) => {
      const more = await record(tx, endpointId, delivery, { headers, result, startedAt }, clock());
      await tx.query(sql`update webhook_endpoints set drained_until = null where id = ${endpointId}`);
      return more;
    });
    if (!goOn) return sentCount;
  }
}
