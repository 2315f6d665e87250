/**
 * The pre-tenant module (DESIGN.md tenancy rule 4).
 *
 * Everything that must run before a company is known — sign-up and its email
 * confirmation, sign-in, sessions, "which companies is this person in", password
 * resets and invitation acceptance — runs here on the owner connection, which RLS
 * does not restrict. Every query in this file is therefore keyed explicitly by the
 * user, token or company it serves.
 * Keep it small; anything that can run inside withTenant belongs in another model.
 */
import type { PasswordHasher } from "./password.server";
import { generateToken, hashToken } from "./tokens.server";
import type { SubscriptionStanding } from "~/kernel/company/read-only";
import { setAuditContext, type AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { MemberRole } from "../../../db/tenant";
import type { Database, OwnerTransaction, Queryable } from "../../../db/types";
import { queueCompanyJob } from "../../../jobs/outbox";
import { billsPerSeat, checkSeatAvailable, companyBillingStanding, readSeatSubscription, type SeatRules } from "../members/seats.server";

/** The reset link's token, not the link: the email builds its links when it is sent (decision 029). */
export interface PasswordResetEmail {
  to: string;
  name: string;
  token: string;
  expiresAt: Date;
}

/** What a sign-up sends: a confirmation link's token to a new address, or a notice to the person who has it. */
export type SignUpEmail =
  | { kind: "confirmation"; to: string; token: string; expiresAt: Date }
  | { kind: "existing-account"; to: string; name: string };

export interface AccountDeps {
  db: Database;
  hasher: PasswordHasher;
  /** Queues the reset email in the same transaction as its token (the outbox). */
  queuePasswordResetEmail: (tx: OwnerTransaction, message: PasswordResetEmail) => Promise<void>;
  /** Queues a sign-up's email in the same transaction as its request (the outbox). */
  queueSignUpEmail: (tx: OwnerTransaction, message: SignUpEmail) => Promise<void>;
  /** The plans' member limits, which invitation acceptance enforces. */
  seats: SeatRules;
}

export const sessionLifetimeDays = 30;
export const passwordResetLifetimeMinutes = 60;
export const signUpRequestLifetimeHours = 24;
// Rewriting last_seen on every request would turn each page view into a write.
const lastSeenResolutionMinutes = 5;

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
}

// ---------------------------------------------------------------- sign-up / sign-in

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || "company";
}

async function insertCompanyWithFreeSlug(tx: OwnerTransaction, name: string): Promise<{ id: string; slug: string }> {
  const base = slugify(name);
  for (let attempt = 1; ; attempt++) {
    // Past a handful of namesakes, a random suffix ends the search at once.
    const suffix = attempt === 1 ? "" : attempt <= 5 ? `-${attempt}` : `-${generateToken().slice(0, 6).toLowerCase()}`;
    const slug = `${base}${suffix}`.replace(/[^a-z0-9-]/g, "x");
    const [row] = await tx.query<{ id: string; slug: string }>(sql`
      insert into companies (name, slug) values (${name}, ${slug})
      on conflict (slug) do nothing
      returning id, slug`);
    if (row) return row;
  }
}

export type SignUpResult =
  | { ok: true; user: SignedInUser; companySlug: string }
  | { ok: false; field: "email"; message: string };

export interface NewAccount {
  name: string;
  email: string;
  /** Already hashed: a confirmed sign-up hashed it when the form was sent. */
  passwordHash: string;
  companyName: string;
}

/** A person, their company and their owner membership, inside the caller's transaction. */
async function createAccount(tx: OwnerTransaction, account: NewAccount, request?: AuditRequest): Promise<SignUpResult> {
  const [user] = await tx.query<SignedInUser>(sql`
    insert into users (email, name, password_hash) values (${account.email}, ${account.name}, ${account.passwordHash})
    on conflict (lower(email)) do nothing
    returning id, name, email`);
  if (!user) {
    return { ok: false, field: "email", message: "An account with this email exists already. Sign in instead." };
  }
  // The new company's first audit entries are the new person's.
  await setAuditContext(tx, { request, actor: { kind: "person", id: user.id, name: user.name } });
  const company = await insertCompanyWithFreeSlug(tx, account.companyName);
  await tx.query(sql`
    insert into memberships (company_id, user_id, role, last_active_at)
    values (${company.id}, ${user.id}, 'owner', now())`);
  return { ok: true, user, companySlug: company.slug };
}

/**
 * A person, their company and their owner membership at once, all or nothing. The
 * sign-up page goes through requestSignUp and confirmSignUp instead; this is for
 * callers that know the address is theirs (tests that need a company).
 */
export async function signUp(
  deps: AccountDeps,
  input: { name: string; email: string; password: string; companyName: string },
  request?: AuditRequest,
): Promise<SignUpResult> {
  const { password, ...account } = input;
  const passwordHash = await deps.hasher.hash(password);
  return deps.db.transaction((tx) => createAccount(tx, { ...account, passwordHash }, request));
}

/**
 * Start a sign-up. Resolves the same way, after the same hashing, whether or not
 * the email has an account: a new address gets a confirmation link and nothing
 * else is created until it is opened; an address with an account gets a notice
 * pointing to sign-in and reset instead. The caller shows one answer for both.
 */
export async function requestSignUp(
  deps: AccountDeps,
  input: { name: string; email: string; password: string; companyName: string },
): Promise<void> {
  const passwordHash = await deps.hasher.hash(input.password);
  await deps.db.transaction(async (tx) => {
    const [existing] = await tx.query<SignedInUser>(
      sql`select id, name, email from users where lower(email) = lower(${input.email})`,
    );
    if (existing) {
      await deps.queueSignUpEmail(tx, { kind: "existing-account", to: existing.email, name: existing.name });
      return;
    }
    const token = generateToken();
    const [pending] = await tx.query<{ expires_at: Date }>(sql`
      insert into signup_requests (token_hash, email, name, company_name, password_hash, expires_at)
      values (${hashToken(token)}, ${input.email}, ${input.name}, ${input.companyName}, ${passwordHash},
              now() + make_interval(hours => ${signUpRequestLifetimeHours}))
      returning expires_at`);
    await deps.queueSignUpEmail(tx, {
      kind: "confirmation",
      to: input.email,
      token,
      expiresAt: pending!.expires_at,
    });
  });
}

export type SignUpRequestState = "valid" | "expired" | "used" | "unknown" | "account-exists";

export interface SignUpRequestPreview {
  state: SignUpRequestState;
  /** What the form said, shown to the person confirming; only while the link can be used. */
  details?: { name: string; email: string; companyName: string };
}

async function signUpRequestPreview(q: Queryable, token: string): Promise<SignUpRequestPreview> {
  const [row] = await q.query<{ name: string; email: string; companyName: string; used: boolean; expired: boolean; taken: boolean }>(sql`
    select r.name, r.email, r.company_name as "companyName",
           r.used_at is not null as used, r.expires_at <= now() as expired,
           exists (select 1 from users u where lower(u.email) = lower(r.email)) as taken
      from signup_requests r where r.token_hash = ${hashToken(token)}`);
  if (!row) return { state: "unknown" };
  if (row.used) return { state: "used" };
  if (row.expired) return { state: "expired" };
  // Only the address's owner receives the link, so saying it is taken tells no one else.
  if (row.taken) return { state: "account-exists" };
  return { state: "valid", details: { name: row.name, email: row.email, companyName: row.companyName } };
}

export function findSignUpRequest(deps: AccountDeps, token: string): Promise<SignUpRequestPreview> {
  return signUpRequestPreview(deps.db, token);
}

export type ConfirmSignUpResult =
  | { ok: true; user: SignedInUser; companySlug: string }
  | { ok: false; reason: Exclude<SignUpRequestState, "valid"> };

/**
 * Create the account a confirmation link stands for: single use (a conditional
 * claim, so two tabs can't both create it), and it voids the address's other open
 * links. If the address got an account meanwhile (an invitation accepted), nothing
 * is created and the link is spent.
 */
export async function confirmSignUp(deps: AccountDeps, token: string, request?: AuditRequest): Promise<ConfirmSignUpResult> {
  return deps.db.transaction(async (tx) => {
    const [claimed] = await tx.query<NewAccount>(sql`
      update signup_requests set used_at = now()
       where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
       returning name, email, company_name as "companyName", password_hash as "passwordHash"`);
    if (!claimed) {
      const { state } = await signUpRequestPreview(tx, token);
      return { ok: false, reason: state === "valid" ? "used" : state };
    }
    await tx.query(sql`update signup_requests set used_at = now() where lower(email) = lower(${claimed.email}) and used_at is null`);
    const created = await createAccount(tx, claimed, request);
    return created.ok ? created : { ok: false, reason: "account-exists" };
  });
}

/**
 * The person whose email and password these are, or null. Unknown emails cost the
 * same hashing time as wrong passwords (see PasswordHasher.verify).
 */
export async function verifyCredentials(
  deps: AccountDeps,
  email: string,
  password: string,
): Promise<SignedInUser | null> {
  const [row] = await deps.db.query<SignedInUser & { password_hash: string | null }>(sql`
    select id, name, email, password_hash from users where lower(email) = lower(${email})`);
  const valid = await deps.hasher.verify(password, row?.password_hash ?? null);
  if (!row || !valid) return null;
  if (row.password_hash && deps.hasher.needsRehash(row.password_hash)) {
    const stronger = await deps.hasher.hash(password);
    await deps.db.query(sql`update users set password_hash = ${stronger} where id = ${row.id}`);
  }
  return { id: row.id, name: row.name, email: row.email };
}

// ---------------------------------------------------------------- sessions

export interface SessionDevice {
  ip: string | null;
  userAgent: string | null;
}

/** A new session; the returned token goes into the cookie and nowhere else. */
export async function createSession(deps: AccountDeps, userId: string, device: SessionDevice): Promise<string> {
  const token = generateToken();
  await deps.db.query(sql`
    insert into sessions (token_hash, user_id, ip, user_agent, expires_at)
    values (${hashToken(token)}, ${userId}, ${device.ip}, ${device.userAgent?.slice(0, 500) ?? null},
            now() + make_interval(days => ${sessionLifetimeDays}))`);
  return token;
}

export interface ActiveSession {
  sessionId: string;
  user: SignedInUser;
}

/** The session behind a cookie token, if it is live; sliding expiry, throttled writes. */
export async function readSession(deps: AccountDeps, token: string): Promise<ActiveSession | null> {
  const [row] = await deps.db.query<SignedInUser & { session_id: string; stale: boolean }>(sql`
    select s.id as session_id, u.id, u.name, u.email,
           s.last_seen_at < now() - make_interval(mins => ${lastSeenResolutionMinutes}) as stale
      from sessions s join users u on u.id = s.user_id
     where s.token_hash = ${hashToken(token)} and s.expires_at > now()`);
  if (!row) return null;
  if (row.stale) {
    await deps.db.query(sql`
      update sessions set last_seen_at = now(), expires_at = now() + make_interval(days => ${sessionLifetimeDays})
       where id = ${row.session_id}`);
  }
  return { sessionId: row.session_id, user: { id: row.id, name: row.name, email: row.email } };
}

export interface SessionListing {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export function listSessions(deps: AccountDeps, userId: string): Promise<SessionListing[]> {
  return deps.db.query<SessionListing>(sql`
    select id, ip, user_agent as "userAgent", created_at as "createdAt", last_seen_at as "lastSeenAt"
      from sessions where user_id = ${userId} and expires_at > now()
     order by last_seen_at desc`);
}

/** Sign out one session of this person; another person's session id does nothing. */
export async function revokeSession(deps: AccountDeps, userId: string, sessionId: string): Promise<boolean> {
  const rows = await deps.db.query(sql`delete from sessions where id = ${sessionId} and user_id = ${userId} returning 1`);
  return rows.length > 0;
}

/** Sign out everywhere, optionally keeping the session making the request. */
export async function revokeAllSessions(deps: AccountDeps, userId: string, keepSessionId?: string): Promise<number> {
  const rows = await deps.db.query(sql`
    delete from sessions where user_id = ${userId} and id is distinct from ${keepSessionId ?? null}::uuid returning 1`);
  return rows.length;
}

export async function revokeSessionByToken(deps: AccountDeps, token: string): Promise<void> {
  await deps.db.query(sql`delete from sessions where token_hash = ${hashToken(token)}`);
}

// ---------------------------------------------------------------- memberships

export interface CompanyMembership {
  companyId: string;
  slug: string;
  name: string;
  role: MemberRole;
  timezone: string;
  weekStart: number;
}

/** The companies this person may enter (active memberships), by name. */
export function listMemberships(deps: AccountDeps, userId: string): Promise<CompanyMembership[]> {
  return deps.db.query<CompanyMembership>(sql`
    select c.id as "companyId", c.slug, c.name, m.role, c.timezone, c.week_start as "weekStart"
      from memberships m join companies c on c.id = m.company_id
     where m.user_id = ${userId} and m.status = 'active'
     order by lower(c.name)`);
}

/** A membership with its company's subscription standing, as every company request needs both. */
export interface MembershipWithSubscription extends CompanyMembership {
  /** null: the company never subscribed. */
  subscription: SubscriptionStanding | null;
}

/**
 * This person's active membership of the company with this slug, or null (unknown
 * company, not a member, or deactivated: the caller answers 404 for all three).
 * The subscription's status comes in the same query, since every change to the
 * company is refused while it is read-only (read-only.ts).
 */
export async function findMembership(deps: AccountDeps, userId: string, slug: string): Promise<MembershipWithSubscription | null> {
  const [row] = await deps.db.query<
    CompanyMembership & { stale: boolean; subscriptionStatus: string | null; pastDueSince: Date | null }
  >(sql`
    select c.id as "companyId", c.slug, c.name, m.role, c.timezone, c.week_start as "weekStart",
           coalesce(m.last_active_at < now() - make_interval(mins => ${lastSeenResolutionMinutes}), true) as stale,
           s.status as "subscriptionStatus", s.past_due_since as "pastDueSince"
      from companies c join memberships m on m.company_id = c.id
      left join company_subscriptions s on s.company_id = c.id
     where c.slug = ${slug} and m.user_id = ${userId} and m.status = 'active'`);
  if (!row) return null;
  if (row.stale) {
    await deps.db.query(sql`
      update memberships set last_active_at = now() where company_id = ${row.companyId} and user_id = ${userId}`);
  }
  const { stale: _stale, subscriptionStatus, pastDueSince, ...membership } = row;
  return { ...membership, subscription: subscriptionStatus ? { status: subscriptionStatus, pastDueSince } : null };
}

// ---------------------------------------------------------------- passwords

/**
 * Start a reset. Resolves the same way whether or not the email has an account,
 * and the caller shows one answer for both.
 */
export async function requestPasswordReset(deps: AccountDeps, email: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.query<SignedInUser>(
      sql`select id, name, email from users where lower(email) = lower(${email})`,
    );
    if (!user) return;
    const token = generateToken();
    const [reset] = await tx.query<{ expires_at: Date }>(sql`
      insert into password_resets (token_hash, user_id, expires_at)
      values (${hashToken(token)}, ${user.id}, now() + make_interval(mins => ${passwordResetLifetimeMinutes}))
      returning expires_at`);
    await deps.queuePasswordResetEmail(tx, {
      to: user.email,
      name: user.name,
      token,
      expiresAt: reset!.expires_at,
    });
  });
}

export type ResetTokenState = "valid" | "expired" | "used" | "unknown";

async function resetTokenState(q: Queryable, token: string): Promise<ResetTokenState> {
  const [row] = await q.query<{ used: boolean; expired: boolean }>(sql`
    select used_at is not null as used, expires_at <= now() as expired
      from password_resets where token_hash = ${hashToken(token)}`);
  if (!row) return "unknown";
  if (row.used) return "used";
  return row.expired ? "expired" : "valid";
}

export function checkPasswordResetToken(deps: AccountDeps, token: string): Promise<ResetTokenState> {
  return resetTokenState(deps.db, token);
}

/**
 * Set a new password with a reset token: single use, signs the person out
 * everywhere, and voids their other outstanding reset links.
 */
export async function resetPassword(
  deps: AccountDeps,
  token: string,
  newPassword: string,
): Promise<{ ok: true; userId: string } | { ok: false; reason: Exclude<ResetTokenState, "valid"> }> {
  const passwordHash = await deps.hasher.hash(newPassword);
  return deps.db.transaction(async (tx) => {
    // Claiming the token with a conditional update makes two concurrent uses impossible.
    const [claimed] = await tx.query<{ user_id: string }>(sql`
      update password_resets set used_at = now()
       where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
       returning user_id`);
    if (!claimed) {
      const state = await resetTokenState(tx, token);
      return { ok: false, reason: state === "valid" ? "used" : state };
    }
    await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${claimed.user_id}`);
    await tx.query(sql`update password_resets set used_at = now() where user_id = ${claimed.user_id} and used_at is null`);
    await tx.query(sql`delete from sessions where user_id = ${claimed.user_id}`);
    return { ok: true, userId: claimed.user_id };
  });
}

/** Change a known password; other sessions are signed out, the current one stays. */
export async function changePassword(
  deps: AccountDeps,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
): Promise<{ ok: true } | { ok: false; field: "currentPassword"; message: string }> {
  const [row] = await deps.db.query<{ password_hash: string | null }>(
    sql`select password_hash from users where id = ${input.userId}`,
  );
  if (!(await deps.hasher.verify(input.currentPassword, row?.password_hash ?? null))) {
    return { ok: false, field: "currentPassword", message: "That is not your current password" };
  }
  const passwordHash = await deps.hasher.hash(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${input.userId}`);
    await tx.query(sql`delete from sessions where user_id = ${input.userId} and id <> ${input.sessionId}`);
  });
  return { ok: true };
}

// ---------------------------------------------------------------- invitations

export type InvitationState = "open" | "expired" | "accepted" | "revoked" | "unknown";

export interface InvitationPreview {
  state: InvitationState;
  companyName?: string;
  companySlug?: string;
  email?: string;
  role?: MemberRole;
  inviterName?: string | null;
  /** Whether the invited email has an account already (then they sign in to accept). */
  hasAccount?: boolean;
  /** An open invitation into a read-only company can't be accepted until it is restored (decision 022). */
  companyReadOnly?: boolean;
}

async function invitationPreview(q: Queryable, token: string): Promise<InvitationPreview> {
  const [row] = await q.query<{
    companyName: string;
    companySlug: string;
    email: string;
    role: MemberRole;
    inviterName: string | null;
    hasAccount: boolean;
    accepted: boolean;
    revoked: boolean;
    expired: boolean;
  }>(sql`
    select c.name as "companyName", c.slug as "companySlug", i.email, i.role, inviter.name as "inviterName",
           exists (select 1 from users u where lower(u.email) = lower(i.email)) as "hasAccount",
           i.accepted_at is not null as accepted, i.revoked_at is not null as revoked, i.expires_at <= now() as expired
      from invitations i
      join companies c on c.id = i.company_id
      left join users inviter on inviter.id = i.invited_by
     where i.token_hash = ${hashToken(token)}`);
  if (!row) return { state: "unknown" };
  const { accepted, revoked, expired, ...details } = row;
  const state: InvitationState = accepted ? "accepted" : revoked ? "revoked" : expired ? "expired" : "open";
  return { state, ...details };
}

export async function findInvitation(deps: AccountDeps, token: string): Promise<InvitationPreview> {
  const preview = await invitationPreview(deps.db, token);
  if (preview.state !== "open") return preview;
  // Said before anyone fills in the form; acceptInvitation checks it again.
  const [company] = await deps.db.query<{ id: string }>(sql`select id from companies where slug = ${preview.companySlug ?? ""}`);
  const standing = company ? await companyBillingStanding(deps.db, company.id, deps.seats) : null;
  return { ...preview, companyReadOnly: standing?.state === "read-only" };
}

export type AcceptInvitationResult =
  | { ok: true; userId: string; companySlug: string }
  | { ok: false; reason: Exclude<InvitationState, "open"> | "wrong-account" | "account-exists" | "member-limit" | "read-only" };

/**
 * Join the company an invitation is for: either as the signed-in person (whose email
 * must be the invited one) or as a new person with a name and password. The
 * membership, its teams and the invitation's acceptance commit together; the
 * conditional claim makes a second use of the link fail.
 *
 * The plan's member limit counts active members only here: an open invitation
 * holds its seat until it is accepted, and this one is about to be. Invitations
 * sent while the company had more room (a larger plan since ended, billing
 * configured later) go to whoever accepts first; the rest are refused, their links
 * still open, until the company makes room.
 */
export async function acceptInvitation(
  deps: AccountDeps,
  token: string,
  acceptor: { userId: string } | { name: string; password: string },
  request?: AuditRequest,
): Promise<AcceptInvitationResult> {
  const passwordHash = "password" in acceptor ? await deps.hasher.hash(acceptor.password) : null;
  return deps.db.transaction(async (tx) => {
    const [invitation] = await tx.query<{ company_id: string; id: string; email: string; role: MemberRole; slug: string }>(sql`
      select i.company_id, i.id, i.email, i.role, c.slug
        from invitations i join companies c on c.id = i.company_id
       where i.token_hash = ${hashToken(token)} and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
       for update of i`);
    if (!invitation) {
      const preview = await invitationPreview(tx, token);
      return { ok: false, reason: preview.state === "open" ? "accepted" : preview.state };
    }

    if ("userId" in acceptor) {
      const [user] = await tx.query<{ email: string }>(sql`select email from users where id = ${acceptor.userId}`);
      if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) return { ok: false, reason: "wrong-account" };
    }
    // Checked before any write: a refusal returns rather than throws, so the
    // transaction commits, and a new person's account must not be in it.
    // A read-only company (decision 017) takes no one new; the link stays open for when it is restored.
    if ((await companyBillingStanding(tx, invitation.company_id, deps.seats)).state === "read-only") return { ok: false, reason: "read-only" };
    const except = "userId" in acceptor ? acceptor.userId : undefined;
    const seat = await checkSeatAvailable(tx, invitation.company_id, deps.seats, { openInvitations: false, except });
    if (!seat.ok) return { ok: false, reason: "member-limit" };

    let userId: string;
    if ("userId" in acceptor) {
      userId = acceptor.userId;
    } else {
      const [created] = await tx.query<{ id: string }>(sql`
        insert into users (email, name, password_hash) values (${invitation.email}, ${acceptor.name}, ${passwordHash})
        on conflict (lower(email)) do nothing returning id`);
      if (!created) return { ok: false, reason: "account-exists" };
      userId = created.id;
    }
    await setAuditContext(tx, { request, actor: { kind: "person", id: userId } });

    // Someone deactivated earlier and invited again comes back with the new role.
    await tx.query(sql`
      insert into memberships (company_id, user_id, role, status, last_active_at)
      values (${invitation.company_id}, ${userId}, ${invitation.role}, 'active', now())
      on conflict (company_id, user_id) do update set role = excluded.role, status = 'active'`);
    await tx.query(sql`
      insert into team_members (company_id, team_id, user_id)
      select it.company_id, it.team_id, ${userId}::uuid
        from invitation_teams it join teams t on t.company_id = it.company_id and t.id = it.team_id
       where it.company_id = ${invitation.company_id} and it.invitation_id = ${invitation.id} and t.archived_at is null
      on conflict do nothing`);
    await tx.query(sql`
      update invitations set accepted_at = now(), accepted_by = ${userId}
       where company_id = ${invitation.company_id} and id = ${invitation.id}`);
    // A seat more for Stripe to bill. The company's outbox rather than account_outbox
    // (which is for work before any company is known, such as Stripe's events): the
    // company is known here, and its row keeps the job with the company like the
    // seat sync after a deactivation, which is queued inside withTenant.
    const companyId = invitation.company_id;
    if (billsPerSeat(await readSeatSubscription(tx, companyId))) await queueCompanyJob(tx, companyId, "sync-seats", { companyId });
    return { ok: true, userId, companySlug: invitation.slug };
  });
}

// ---------------------------------------------------------------- account events

export type AccountEventAction = "session.sign_in" | "session.sign_in_failed" | "session.sign_out";

/** Sign-ins, failed sign-ins and sign-outs, append-only (0004_audit.sql, account_events). */
export async function recordAccountEvent(
  deps: AccountDeps,
  event: { action: AccountEventAction; userId?: string | null; email?: string | null; request?: AuditRequest },
): Promise<void> {
  await deps.db.query(sql`
    insert into account_events (action, user_id, email, ip, user_agent, request_id)
    values (${event.action}, ${event.userId ?? null}, ${event.email?.slice(0, 254) ?? null},
            ${event.request?.ip?.slice(0, 100) ?? null}, ${event.request?.userAgent?.slice(0, 500) ?? null},
            ${event.request?.requestId?.slice(0, 200) ?? null})`);
}

/** The person a session token belongs to, for recording their sign-out; null for an unknown token. */
async function sessionOwner(deps: AccountDeps, token: string): Promise<string | null> {
  const [row] = await deps.db.query<{ user_id: string }>(sql`select user_id from sessions where token_hash = ${hashToken(token)}`);
  return row?.user_id ?? null;
}

// ---------------------------------------------------------------- binding

const accountFunctions = {
  signUp,
  requestSignUp,
  findSignUpRequest,
  confirmSignUp,
  verifyCredentials,
  createSession,
  readSession,
  listSessions,
  revokeSession,
  revokeAllSessions,
  revokeSessionByToken,
  listMemberships,
  findMembership,
  requestPasswordReset,
  checkPasswordResetToken,
  resetPassword,
  changePassword,
  findInvitation,
  acceptInvitation,
  recordAccountEvent,
  sessionOwner,
};

type BoundTo<D, F> = { [K in keyof F]: F[K] extends (deps: D, ...args: infer A) => infer R ? (...args: A) => R : never };

export type AccountService = BoundTo<AccountDeps, typeof accountFunctions>;

/** The account functions with their connection bound, as routes receive them in the load context. */
export function createAccountService(deps: AccountDeps): AccountService {
  return Object.fromEntries(
    Object.entries(accountFunctions).map(([name, fn]) => [
      name,
      (...args: unknown[]) => (fn as (d: AccountDeps, ...a: unknown[]) => unknown)(deps, ...args),
    ]),
  ) as AccountService;
}
