import type { SignInMethodChange } from "../../../emails/messages";
import type { AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { OwnerTransaction, Queryable } from "../../../db/types";
import type { AccountDeps } from "./account-deps.server";

/**
 * account_events (0004_audit.sql, extended by 0031): sign-ins, failed sign-ins,
 * sign-outs, and every change to how a person signs in. Append-only; written by the
 * pre-tenant module on the owner connection, in the transaction of what it records.
 * Sign-in methods added later (passkeys, linked providers) add their actions to the
 * table's check and to this list.
 */
export type AccountEventAction =
  | "session.sign_in"
  | "session.sign_in_failed"
  | "session.sign_out"
  | "session.second_factor_failed"
  | "password.changed"
  | "password.reset"
  | "email.change_requested"
  | "email.changed"
  | "two_factor.enabled"
  | "two_factor.disabled"
  | "two_factor.recovery_codes_regenerated"
  | "two_factor.recovery_code_used";

export interface AccountEvent {
  action: AccountEventAction;
  userId?: string | null;
  email?: string | null;
  request?: AuditRequest;
}

export async function insertAccountEvent(q: Queryable, event: AccountEvent): Promise<void> {
  await q.query(sql`
    insert into account_events (action, user_id, email, ip, user_agent, request_id)
    values (${event.action}, ${event.userId ?? null}, ${event.email?.slice(0, 254) ?? null},
            ${event.request?.ip?.slice(0, 100) ?? null}, ${event.request?.userAgent?.slice(0, 500) ?? null},
            ${event.request?.requestId?.slice(0, 200) ?? null})`);
}

/**
 * Record a change to how the person signs in and tell them by email, both in the
 * change's transaction: no change goes unrecorded or unannounced, and a change that
 * rolls back announces nothing. The notice goes to the address the account has in
 * this transaction (for an email change, the caller sends it to the old one).
 */
export async function noteSignInMethodChange(
  deps: AccountDeps,
  tx: OwnerTransaction,
  input: { userId: string; action: AccountEventAction; change: SignInMethodChange; request?: AuditRequest; to?: string; newEmail?: string },
): Promise<void> {
  const [user] = await tx.query<{ name: string; email: string }>(sql`select name, email from users where id = ${input.userId}`);
  if (!user) return;
  await insertAccountEvent(tx, { action: input.action, userId: input.userId, email: user.email, request: input.request });
  await deps.queueSecurityEmail(tx, {
    to: input.to ?? user.email,
    template: "sign-in-method-changed",
    props: { name: user.name, change: input.change, ...(input.newEmail ? { newEmail: input.newEmail } : {}) },
  });
}
