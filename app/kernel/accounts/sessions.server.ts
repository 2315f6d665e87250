import { generateToken, hashToken } from "./tokens.server";
import { insertAccountEvent, type AccountEvent } from "./account-events.server";
import type { SubscriptionStanding } from "~/kernel/company/read-only";
import type { AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import { withTenantFound, type FoundTenant, type MemberRole, type TenantTransaction } from "../../../db/tenant";
import { type AccountDeps, type SignedInUser, sessionLifetimeDays } from "./account-deps.server";

/**
 * Sign-in, sessions, the companies a person is in, and the account events they leave.
 *
 * Part of the pre-tenant module (DESIGN.md tenancy rule 4): it runs on the owner
 * connection, which RLS does not restrict, before a company is known. Every query is
 * therefore keyed explicitly by the user, token or company it serves.
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


// Rewriting last_seen on every request would turn each page view into a write.
const lastSeenResolutionMinutes = 5;

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
  if (row.stale) await touchSession(deps, row.session_id);
  return { sessionId: row.session_id, user: { id: row.id, name: row.name, email: row.email } };
}

function touchSession(deps: AccountDeps, sessionId: string) {
  return deps.db.query(sql`
    update sessions set last_seen_at = now(), expires_at = now() + make_interval(days => ${sessionLifetimeDays})
     where id = ${sessionId}`);
}

function touchMembership(deps: AccountDeps, companyId: string, userId: string) {
  return deps.db.query(sql`update memberships set last_active_at = now() where company_id = ${companyId} and user_id = ${userId}`);
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
  /** The company requires two-factor and this person hasn't set it up: nothing of the company until they do. */
  twoFactorSetupDue: boolean;
}

/**
 * This person's active membership of the company with this slug, or null (unknown
 * company, not a member, or deactivated: the caller answers 404 for all three).
 * The subscription's status comes in the same query, since every change to the
 * company is refused while it is read-only (read-only.ts).
 */
export async function findMembership(deps: AccountDeps, userId: string, slug: string): Promise<MembershipWithSubscription | null> {
  const [row] = await deps.db.query<
    CompanyMembership & { stale: boolean; subscriptionStatus: string | null; pastDueSince: Date | null; twoFactorSetupDue: boolean }
  >(sql`
    select c.id as "companyId", c.slug, c.name, m.role, c.timezone, c.week_start as "weekStart",
           two_factor_setup_due(c.id, m.user_id) as "twoFactorSetupDue",
           coalesce(m.last_active_at < now() - make_interval(mins => ${lastSeenResolutionMinutes}), true) as stale,
           s.status as "subscriptionStatus", s.past_due_since as "pastDueSince"
      from companies c join memberships m on m.company_id = c.id
      left join company_subscriptions s on s.company_id = c.id
     where c.slug = ${slug} and m.user_id = ${userId} and m.status = 'active'`);
  if (!row) return null;
  if (row.stale) await touchMembership(deps, row.companyId, userId);
  const { stale: _stale, subscriptionStatus, pastDueSince, ...membership } = row;
  return { ...membership, subscription: subscriptionStatus ? { status: subscriptionStatus, pastDueSince } : null };
}

/** A session and the membership it asks for: null when that company isn't open to its person. */
export interface SessionMembership {
  session: ActiveSession;
  membership: MembershipWithSubscription | null;
}

/**
 * readSession and findMembership in the first statement of the tenant transaction
 * they open, which enters the company as the member (withTenantFound): a page's
 * loader then costs no round trip before its transaction. `work` gets null for a
 * token with no live session, and no transaction when the person isn't an active
 * member of the company; it decides what to answer. Last activity is written after
 * the transaction, and only when stale, as readSession and findMembership do.
 */
export async function withSessionMembership<T>(
  deps: AccountDeps,
  token: string,
  slug: string,
  request: AuditRequest,
  work: (found: SessionMembership | null, tx: TenantTransaction | null) => Promise<T>,
): Promise<T> {
  const staleAfter = lastSeenResolutionMinutes;
  let touches: (() => Promise<unknown>)[] = [];
  const result = await withTenantFound<SessionMembershipRow, T>(
    deps.db,
    sql`
      select s.id as "sessionId", u.id as "userId", u.name as "userName", u.email,
             s.last_seen_at < now() - make_interval(mins => ${staleAfter}) as "sessionStale",
             c.id as "companyId", c.slug, c.name as "companyName", m.role, c.timezone, c.week_start as "weekStart",
             coalesce(m.last_active_at < now() - make_interval(mins => ${staleAfter}), true) as "memberStale",
             cs.status as "subscriptionStatus", cs.past_due_since as "pastDueSince",
             coalesce(two_factor_setup_due(c.id, m.user_id), false) as "twoFactorSetupDue"
        from sessions s
        join users u on u.id = s.user_id
        left join (memberships m
                   join companies c on c.id = m.company_id
                   left join company_subscriptions cs on cs.company_id = m.company_id)
          on m.user_id = s.user_id and m.status = 'active' and c.slug = ${slug}
       where s.token_hash = ${hashToken(token)} and s.expires_at > now()`,
    { request },
    (row, tx) => {
      if (!row) return work(null, null);
      touches = [
        ...(row.sessionStale ? [() => touchSession(deps, row.sessionId)] : []),
        ...(row.companyId && row.memberStale ? [() => touchMembership(deps, row.companyId!, row.userId)] : []),
      ];
      return work(sessionMembershipOf(row), tx);
    },
  );
  // After the transaction: on PGlite's one connection a query beside it would wait for it forever.
  for (const touch of touches) await touch();
  return result;
}

interface SessionMembershipRow extends FoundTenant {
  sessionId: string;
  userName: string;
  email: string;
  sessionStale: boolean;
  slug: string | null;
  companyName: string | null;
  timezone: string | null;
  weekStart: number | null;
  memberStale: boolean;
  subscriptionStatus: string | null;
  pastDueSince: Date | null;
  twoFactorSetupDue: boolean;
}

function sessionMembershipOf(row: SessionMembershipRow): SessionMembership {
  const session = { sessionId: row.sessionId, user: { id: row.userId, name: row.userName, email: row.email } };
  if (!row.companyId || !row.role) return { session, membership: null };
  return {
    session,
    membership: {
      companyId: row.companyId,
      slug: row.slug!,
      name: row.companyName!,
      role: row.role,
      timezone: row.timezone!,
      weekStart: row.weekStart!,
      subscription: row.subscriptionStatus ? { status: row.subscriptionStatus, pastDueSince: row.pastDueSince } : null,
      twoFactorSetupDue: row.twoFactorSetupDue,
    },
  };
}


// ---------------------------------------------------------------- account events

/** Sign-ins, failed sign-ins and sign-outs, append-only (0004_audit.sql, account_events). */
export async function recordAccountEvent(deps: AccountDeps, event: AccountEvent): Promise<void> {
  await insertAccountEvent(deps.db, event);
}

/** The person a session token belongs to, for recording their sign-out; null for an unknown token. */
export async function sessionOwner(deps: AccountDeps, token: string): Promise<string | null> {
  const [row] = await deps.db.query<{ user_id: string }>(sql`select user_id from sessions where token_hash = ${hashToken(token)}`);
  return row?.user_id ?? null;
}
