import { randomUUID } from "node:crypto";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { queueJob } from "../../../jobs/outbox";
import { createNotification } from "../notifications/notifications.server";
import { rolesWith } from "../permissions";

/** Hand the endpoint's waiting deliveries to a deliverer, when this transaction commits. */
export function queueDrain(tx: TenantTransaction, endpointId: string): Promise<string> {
  return queueJob(tx, "deliver-webhooks", { companyId: tx.tenant.companyId, endpointId });
}

/** A "webhook.test" event to one endpoint only, sent and logged like any other. Null when there is no such endpoint. */
export async function sendTestEvent(tx: TenantTransaction, endpointId: string): Promise<{ eventId: string } | null> {
  const [endpoint] = await tx.query<{ id: string }>(sql`select id from webhook_endpoints where id = ${endpointId}`);
  if (!endpoint) return null;
  const id = randomUUID();
  await tx.query(sql`
    insert into webhook_events (company_id, id, type, payload)
    values (${tx.tenant.companyId}, ${id}, 'webhook.test',
            jsonb_build_object('id', ${id}::text, 'type', 'webhook.test',
                               'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                               'companyId', ${tx.tenant.companyId}::text, 'data', jsonb_build_object('endpointId', ${endpointId}::text)))`);
  await tx.query(sql`
    insert into webhook_deliveries (company_id, endpoint_id, event_id, event_seq)
    select company_id, ${endpointId}, id, seq from webhook_events where id = ${id}`);
  await queueDrain(tx, endpointId);
  return { eventId: id };
}

/**
 * Send one delivery again, with fresh attempts: the same event id, so a receiver
 * that already has it can tell. Null when there is no such delivery.
 */
export async function resendDelivery(tx: TenantTransaction, endpointId: string, deliveryId: string): Promise<{ deliveryId: string } | null> {
  const [delivery] = await tx.query<{ id: string }>(sql`
    update webhook_deliveries
       set status = 'pending', attempts = 0, next_attempt_at = now(), finished_at = null
     where id = ${deliveryId} and endpoint_id = ${endpointId}
    returning id`);
  if (!delivery) return null;
  await queueDrain(tx, endpointId);
  return { deliveryId: delivery.id };
}

/** Owners and admins hear that an endpoint was turned off: a notification, and an email unless they turned it off. */
export async function notifyEndpointDisabled(
  tx: TenantTransaction,
  facts: { endpointId: string; endpointUrl: string; failingSince: string },
): Promise<number> {
  const recipients = await tx.query<{ userId: string }>(sql`
    select user_id as "userId" from memberships
     where company_id = ${tx.tenant.companyId} and status = 'active' and role = any(${rolesWith("webhook:manage")}::text[])
     order by user_id`);
  for (const { userId } of recipients) await createNotification(tx, { userId, kind: "webhook-endpoint-disabled", data: facts });
  return recipients.length;
}
