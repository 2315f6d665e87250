import { z } from "zod";
import { sql, type SqlFragment } from "./sql";
import type { Queryable } from "./types";

/**
 * What the audit trigger reads besides the tenant context: where a request came
 * from, and who acts when it isn't the member in context (a job, sign-up). Set
 * transaction-locally like the tenant settings, so they end with the transaction
 * and a pooled connection never carries them on. The database stamps every audit
 * entry from these (0004_audit.sql, audit_entries_stamp).
 */
export const auditRequestSchema = z.object({
  requestId: z.string().max(200).nullish(),
  ip: z.string().max(100).nullish(),
  userAgent: z.string().nullish(),
});
export type AuditRequest = z.infer<typeof auditRequestSchema>;

export const auditActorSchema = z.object({
  kind: z.enum(["person", "api_key", "system"]),
  /** A user or API key id; for a system job, the job's name. */
  id: z.string().max(200),
  name: z.string().max(200).nullish(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/** A system job as the actor of what it changes. */
export function systemActor(job: string, name: string): AuditActor {
  return { kind: "system", id: job, name };
}

/** The audit context as set_config calls, to select on their own or beside other settings. */
export function auditSettingCalls(options: { request?: AuditRequest | null; actor?: AuditActor | null }): SqlFragment {
  const { request, actor } = options;
  return sql`
    set_config('app.request_id', ${request?.requestId ?? ""}, true),
    set_config('app.client_ip', ${request?.ip ?? ""}, true),
    set_config('app.user_agent', ${request?.userAgent?.slice(0, 500) ?? ""}, true),
    set_config('app.actor_kind', ${actor?.kind ?? ""}, true),
    set_config('app.actor_id', ${actor?.id ?? ""}, true),
    set_config('app.actor_name', ${actor?.name ?? ""}, true)`;
}

export function auditSettings(options: { request?: AuditRequest | null; actor?: AuditActor | null }): SqlFragment {
  return sql`select ${auditSettingCalls(options)}`;
}

export async function setAuditContext(
  tx: Queryable,
  options: { request?: AuditRequest | null; actor?: AuditActor | null },
): Promise<void> {
  await tx.query(auditSettings(options));
}

const actionPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * Name the audit action of the changes `work` makes (`member.role_change` rather
 * than the trigger's default `member.update`). The name applies only while `work`
 * runs, so a later statement in the same transaction gets its own default again.
 */
export async function auditedAs<Tx extends Queryable, T>(tx: Tx, action: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!actionPattern.test(action)) throw new TypeError(`Not an audit action name: ${action}`);
  await tx.query(sql`select set_config('app.audit_action', ${action}, true)`);
  try {
    return await work(tx);
  } finally {
    await tx.query(sql`select set_config('app.audit_action', '', true)`).catch(() => undefined);
  }
}
