import type { AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import { type AccountDeps, emailChangeLifetimeHours } from "./account-deps.server";
import { insertAccountEvent, noteSignInMethodChange } from "./account-events.server";
import type { EmailChangeInput, ProfileInput } from "./profile-inputs";
import { generateToken, hashToken } from "./tokens.server";

/**
 * A person's own profile: name, timezone and locale (null: as the company), and
 * the email address, which changes only when the new address confirms it.
 * Pre-tenant: a person's profile belongs to no one company.
 */

export interface Profile {
  name: string;
  email: string;
  timezone: string | null;
  locale: string | null;
  /** A new address waiting for its link to be opened. */
  pendingEmail: string | null;
}

export async function readProfile(deps: AccountDeps, userId: string): Promise<Profile | null> {
  const [row] = await deps.db.query<Profile>(sql`
    select u.name, u.email, u.timezone, u.locale,
           (select new_email from email_changes c
             where c.user_id = u.id and c.used_at is null and c.expires_at > now()
             order by c.created_at desc limit 1) as "pendingEmail"
      from users u where u.id = ${userId}`);
  return row ?? null;
}

export async function updateProfile(deps: AccountDeps, userId: string, input: ProfileInput): Promise<void> {
  await deps.db.query(sql`
    update users set name = ${input.name}, timezone = ${input.timezone ?? null}, locale = ${input.locale ?? null}
     where id = ${userId}`);
}

/**
 * Send a confirmation link to the new address, after the password proves it is the
 * account's owner asking. The answer is the same whether or not the address belongs
 * to another account, so the form tells nobody which addresses are taken; whoever
 * opens the link has shown they own the address and may be told then.
 */
export async function requestEmailChange(
  deps: AccountDeps,
  input: EmailChangeInput & { userId: string; request?: AuditRequest },
): Promise<{ ok: true } | { ok: false; field: "password" | "newEmail"; message: string }> {
  const [user] = await deps.db.query<{ name: string; email: string; password_hash: string | null }>(sql`
    select name, email, password_hash from users where id = ${input.userId}`);
  if (!user || !(await deps.hasher.verify(input.password, user.password_hash))) {
    return { ok: false, field: "password", message: "That is not your password" };
  }
  if (user.email.toLowerCase() === input.newEmail.toLowerCase()) {
    return { ok: false, field: "newEmail", message: "That is already your address" };
  }
  const token = generateToken();
  await deps.db.transaction(async (tx) => {
    await tx.query(sql`update email_changes set used_at = now() where user_id = ${input.userId} and used_at is null`);
    const [change] = await tx.query<{ expires_at: Date }>(sql`
      insert into email_changes (token_hash, user_id, new_email, expires_at)
      values (${hashToken(token)}, ${input.userId}, ${input.newEmail}, now() + make_interval(hours => ${emailChangeLifetimeHours}))
      returning expires_at`);
    await insertAccountEvent(tx, { action: "email.change_requested", userId: input.userId, email: input.newEmail, request: input.request });
    await deps.queueSecurityEmail(tx, {
      to: input.newEmail,
      template: "email-change-confirmation",
      props: { name: user.name, token, expiresAt: change!.expires_at.toISOString() },
    });
  });
  return { ok: true };
}

export type EmailChangeRefusal = "unknown" | "expired" | "used" | "taken";

/** What a confirmation link would do, for the page that asks before doing it. */
export async function findEmailChange(
  deps: AccountDeps,
  token: string,
): Promise<{ state: "valid"; newEmail: string } | { state: Exclude<EmailChangeRefusal, "taken"> }> {
  const [row] = await deps.db.query<{ new_email: string; used: boolean; expired: boolean }>(sql`
    select new_email, used_at is not null as used, expires_at <= now() as expired
      from email_changes where token_hash = ${hashToken(token)}`);
  if (!row) return { state: "unknown" };
  if (row.used) return { state: "used" };
  if (row.expired) return { state: "expired" };
  return { state: "valid", newEmail: row.new_email };
}

/**
 * Make the confirmed address the account's. Sessions stay signed in (the person
 * proved the password when asking); the old address is told, as it is the one a
 * person whose account was taken over would still read.
 */
export async function confirmEmailChange(
  deps: AccountDeps,
  token: string,
  request?: AuditRequest,
): Promise<{ ok: true; email: string } | { ok: false; reason: EmailChangeRefusal }> {
  return deps.db.transaction(async (tx) => {
    const [change] = await tx.query<{ user_id: string; new_email: string; used: boolean; expired: boolean }>(sql`
      select user_id, new_email, used_at is not null as used, expires_at <= now() as expired
        from email_changes where token_hash = ${hashToken(token)} for update`);
    if (!change) return { ok: false, reason: "unknown" };
    if (change.used) return { ok: false, reason: "used" };
    if (change.expired) return { ok: false, reason: "expired" };
    const [taken] = await tx.query(sql`
      select 1 from users where lower(email) = lower(${change.new_email}) and id <> ${change.user_id}`);
    if (taken) return { ok: false, reason: "taken" };
    const [old] = await tx.query<{ email: string }>(sql`select email from users where id = ${change.user_id} for update`);
    await tx.query(sql`update users set email = ${change.new_email} where id = ${change.user_id}`);
    await tx.query(sql`update email_changes set used_at = now() where user_id = ${change.user_id} and used_at is null`);
    // A reset link mailed to the old address must not outlive the change.
    await tx.query(sql`update password_resets set used_at = now() where user_id = ${change.user_id} and used_at is null`);
    await noteSignInMethodChange(deps, tx, {
      userId: change.user_id,
      action: "email.changed",
      change: "email-changed",
      request,
      to: old!.email,
      newEmail: change.new_email,
    });
    return { ok: true, email: change.new_email };
  });
}
