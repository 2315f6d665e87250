import { sql, type SqlFragment, join } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { companyZone } from "~/kernel/company/clock.server";

/**
 * Reading the company's audit log, and the few entries the app writes itself (a
 * refused permission). Changes to company data are recorded by the database's
 * row trigger (0004_audit.sql), never from here, so none can be forgotten.
 */

export type ActorKind = "person" | "api_key" | "system";

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export interface AuditEntry {
  seq: number;
  occurredAt: Date;
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, FieldChange>;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AuditFilter {
  actorId?: string;
  /** An action (`member.role_change`) or a prefix of one (`member`). */
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Calendar days in the company's timezone, inclusive. */
  from?: string;
  to?: string;
}

export const auditPageSize = 50;

const entryColumns = sql`
  seq, occurred_at as "occurredAt", actor_kind as "actorKind", actor_id as "actorId", actor_name as "actorName",
  action, entity_type as "entityType", entity_id as "entityId", changes, ip, user_agent as "userAgent",
  request_id as "requestId"`;

/** The filter as SQL conditions; day bounds are taken in the company's timezone. */
export function auditConditions(tx: TenantTransaction, filter: AuditFilter): SqlFragment {
  const conditions = [sql`company_id = ${tx.tenant.companyId}`];
  const zone = companyZone(tx);
  if (filter.actorId) conditions.push(sql`actor_id = ${filter.actorId}`);
  if (filter.action) conditions.push(sql`(action = ${filter.action} or action like ${`${filter.action}.%`})`);
  if (filter.entityType) conditions.push(sql`entity_type = ${filter.entityType}`);
  if (filter.entityId) conditions.push(sql`entity_id = ${filter.entityId}`);
  if (filter.from) conditions.push(sql`occurred_at >= (${filter.from}::date)::timestamp at time zone ${zone}`);
  if (filter.to) conditions.push(sql`occurred_at < (${filter.to}::date + 1)::timestamp at time zone ${zone}`);
  return join(conditions, " and ");
}

/** Newest first, a page at a time (keyset on seq: pages stay put while entries arrive). */
export async function listAuditEntries(
  tx: TenantTransaction,
  filter: AuditFilter,
  options: { before?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const limit = options.limit ?? auditPageSize;
  return tx.query<AuditEntry>(sql`
    select ${entryColumns} from audit_entries
     where ${auditConditions(tx, filter)} and (${options.before ?? null}::bigint is null or seq < ${options.before ?? null})
     order by seq desc
     limit ${limit}`);
}

export async function getAuditEntry(tx: TenantTransaction, seq: number): Promise<AuditEntry | null> {
  const [entry] = await tx.query<AuditEntry>(sql`
    select ${entryColumns} from audit_entries where company_id = ${tx.tenant.companyId} and seq = ${seq}`);
  return entry ?? null;
}

/** Everyone who has acted in the company, for the actor filter (people who left included). */
export function listAuditActors(tx: TenantTransaction): Promise<{ id: string; name: string }[]> {
  return tx.query<{ id: string; name: string }>(sql`
    select distinct on (actor_id) actor_id as id, coalesce(actor_name, actor_id) as name
      from audit_entries where company_id = ${tx.tenant.companyId} and actor_id is not null
     order by actor_id, seq desc`);
}

export function listAuditEntityTypes(tx: TenantTransaction): Promise<string[]> {
  return tx
    .query<{ entityType: string }>(sql`
      select distinct entity_type as "entityType" from audit_entries where company_id = ${tx.tenant.companyId} order by 1`)
    .then((rows) => rows.map((row) => row.entityType));
}

