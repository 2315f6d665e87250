import { randomUUID } from "node:crypto";
import { sql } from "../db/sql";
import type { TenantTransaction } from "../db/tenant";
import { queueJob } from "./outbox";

/**
 * The write side of outgoing webhooks: an event is recorded in the transaction of the
 * change it reports, like any outbox row, so a change that rolls back never announces
 * itself and one that commits is always announced (docs/decisions/049-outgoing-webhooks.md).
 * A job then hands the event to each endpoint that asked for its type.
 */
export const webhookEventTypes = [
  "time_entry.created",
  "time_entry.updated",
  "time_entry.deleted",
  "timesheet.submitted",
  "timesheet.approved",
  "timesheet.sent_back",
  "timesheet.reopened",
  "invoice.issued",
  "invoice.paid",
  "invoice.voided",
  "credit_note.issued",
  "member.joined",
  "member.role_changed",
  "member.deactivated",
  "project.created",
  "project.updated",
  "project.archived",
  "client.created",
  "client.updated",
  "client.archived",
  "client.restored",
  "export.ready",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What an endpoint's receiver gets: the event's envelope around the resource as the API shows it. */
export interface WebhookEventBody {
  /** Also the `webhook-id` header: the same on every attempt and resend, for de-duplication. */
  id: string;
  type: WebhookEventType | "webhook.test";
  /** When the change was made (the transaction's time), ISO 8601. */
  timestamp: string;
  companyId: string;
  data: Record<string, unknown>;
}

/**
 * Record an event of the company in context, inside the change's transaction.
 * `data` is the resource's API representation (app/api/<resource>/answers.server.ts),
 * or for a deletion the representation it had. Returns the event's id.
 */
export async function emitWebhookEvent(
  tx: TenantTransaction,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<string> {
  const id = randomUUID();
  const companyId = tx.tenant.companyId;
  // now() is the transaction's start: every event of one change carries one time.
  await tx.query(sql`
    insert into webhook_events (company_id, id, type, payload)
    values (${companyId}, ${id}, ${type},
            jsonb_build_object('id', ${id}::text, 'type', ${type}::text,
                               'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                               'companyId', ${companyId}::text, 'data', ${data}::jsonb))`);
  await queueJob(tx, "fan-out-webhook-event", { companyId, eventId: id });
  return id;
}
