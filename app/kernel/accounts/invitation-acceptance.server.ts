import { hashToken } from "./tokens.server";
import { setAuditContext, type AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { MemberRole } from "../../../db/tenant";
import type { Queryable } from "../../../db/types";
import { queueCompanyJob } from "../../../jobs/outbox";
import { billsPerSeat, checkSeatAvailable, companyBillingStanding, readSeatSubscription } from "../members/seats.server";
import type { AccountDeps } from "./account-deps.server";

/**
 * An invitation link, opened and accepted: a new member, with or without an account before.
 *
 * Part of the pre-tenant module (DESIGN.md tenancy rule 4): it runs on the owner
 * connection, which RLS does not restrict, before a company is known. Every query is
 * therefore keyed explicitly by the user, token or company it serves.
 */

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
