import { generateToken, hashToken } from "~/kernel/accounts/tokens.server";
import { isUniqueViolation } from "../../../db/errors";
import { attempt } from "../../../db/savepoint";
import { auditedAs } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { MemberRole, TenantTransaction } from "../../../db/tenant";
import { queueEmail } from "../../../jobs/outbox";
import { checkSeatAvailable, seatLimitMessage, type SeatRules } from "./seats.server";

export const invitationLifetimeDays = 7;

export type InvitableRole = Exclude<MemberRole, "owner">;

export interface InvitationRow {
  id: string;
  email: string;
  role: InvitableRole;
  invitedBy: string | null;
  invitedById: string | null;
  sentAt: Date;
  expiresAt: Date;
  expired: boolean;
  teams: { id: string; name: string }[];
}

export type InvitationResult =
  | { ok: true; id: string }
  | { ok: false; field: "email" | "teamIds"; message: string };

/** Queue the email carrying the token in the transaction that created it (the company's name and the link come with the outbox row when it is sent). */
async function queueInvitationEmail(
  tx: TenantTransaction,
  invitation: { email: string; role: InvitableRole; expiresAt: Date },
  token: string,
): Promise<void> {
  const [inviter] = await tx.query<{ name: string }>(sql`select name from users where id = ${tx.tenant.userId}`);
  await queueEmail(tx, {
    to: invitation.email,
    template: "invitation",
    props: {
      inviterName: inviter!.name,
      role: invitation.role,
      token,
      expiresAt: invitation.expiresAt.toISOString(),
    },
  });
}

/**
 * Invite someone by email with a role and optional teams, and queue the email in
 * the same transaction. People already in the company, or already invited, get a
 * message on the email field instead, and so does an invitation the company's plan
 * has no seat for (open invitations hold seats, so the limit holds however many
 * are sent at once).
 */
export async function createInvitation(
  tx: TenantTransaction,
  input: { email: string; role: InvitableRole; teamIds: string[] },
  seats: SeatRules,
): Promise<InvitationResult> {
  const [existing] = await tx.query<{ status: string }>(sql`
    select m.status from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and lower(u.email) = lower(${input.email})`);
  if (existing) {
    return {
      ok: false,
      field: "email",
      message:
        existing.status === "active"
          ? "This person is already a member"
          : "This person is a deactivated member; reactivate them on the members page",
    };
  }
  const liveTeams = await tx.query<{ id: string }>(sql`
    select id from teams
     where company_id = ${tx.tenant.companyId} and archived_at is null and id = any(${input.teamIds}::uuid[])`);
  if (liveTeams.length !== new Set(input.teamIds).size) {
    return { ok: false, field: "teamIds", message: "One of these teams no longer exists; reload and try again" };
  }
  const seat = await checkSeatAvailable(tx, tx.tenant.companyId, seats, { openInvitations: true });
  if (!seat.ok) {
    return { ok: false, field: "email", message: seatLimitMessage(seat, "Upgrade on the billing page to invite more.") };
  }

  const token = generateToken();
  const inserted = await attempt(tx, (inner) =>
    inner.query<{ id: string; expires_at: Date }>(sql`
      insert into invitations (company_id, email, role, token_hash, invited_by, expires_at)
      values (${tx.tenant.companyId}, ${input.email}, ${input.role}, ${hashToken(token)}, ${tx.tenant.userId},
              now() + make_interval(days => ${invitationLifetimeDays}))
      returning id, expires_at`),
  );
  if (!inserted.ok) {
    if (isUniqueViolation(inserted.error, "invitations_open_email_key")) {
      return { ok: false, field: "email", message: "This person has an open invitation already; resend it from the list" };
    }
    throw inserted.error;
  }
  const invitation = inserted.value[0]!;
  for (const team of liveTeams) {
    await tx.query(sql`
      insert into invitation_teams (company_id, invitation_id, team_id)
      values (${tx.tenant.companyId}, ${invitation.id}, ${team.id})`);
  }
  await queueInvitationEmail(tx, { email: input.email, role: input.role, expiresAt: invitation.expires_at }, token);
  return { ok: true, id: invitation.id };
}

// An open invitation as the invitations page and the API show it; expired ones are flagged.
const invitationColumns = sql`
  i.id, i.email, i.role, u.name as "invitedBy", i.invited_by as "invitedById",
  i.sent_at as "sentAt", i.expires_at as "expiresAt", i.expires_at <= now() as expired,
  coalesce((
    select json_agg(json_build_object('id', t.id, 'name', t.name) order by lower(t.name))
      from invitation_teams it join teams t on t.company_id = it.company_id and t.id = it.team_id
     where it.company_id = i.company_id and it.invitation_id = i.id
  ), '[]'::json) as teams`;

/** Invitations not yet accepted or revoked, newest first; expired ones are flagged. */
export function listOpenInvitations(tx: TenantTransaction): Promise<InvitationRow[]> {
  return tx.query<InvitationRow>(sql`
    select ${invitationColumns}
      from invitations i left join users u on u.id = i.invited_by
     where i.company_id = ${tx.tenant.companyId} and i.accepted_at is null and i.revoked_at is null
     order by i.sent_at desc`);
}

export type InvitationPageRow = InvitationRow & { position: string };

/**
 * Open invitations in the order they were first sent, a page at a time, for the API.
 * A resend moves `sent_at`, so paging keys on the creation time, which stays put.
 */
export function listOpenInvitationsAfter(
  tx: TenantTransaction,
  options: { after: { position: string; id: string } | null; limit: number },
): Promise<InvitationPageRow[]> {
  return tx.query<InvitationPageRow>(sql`
    select ${invitationColumns}, i.created_at::text as position
      from invitations i left join users u on u.id = i.invited_by
     where i.company_id = ${tx.tenant.companyId} and i.accepted_at is null and i.revoked_at is null
       ${options.after ? sql`and (i.created_at, i.id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by i.created_at, i.id
     limit ${options.limit}`);
}

/** An invitation still waiting for an answer (expired or not); null once accepted or revoked. */
export async function getOpenInvitation(tx: TenantTransaction, invitationId: string): Promise<InvitationRow | null> {
  const [row] = await tx.query<InvitationRow>(sql`
    select ${invitationColumns}
      from invitations i left join users u on u.id = i.invited_by
     where i.company_id = ${tx.tenant.companyId} and i.id = ${invitationId} and i.accepted_at is null and i.revoked_at is null`);
  return row ?? null;
}

/** Locks the invitation until the transaction ends, so a checked precondition still holds when the change is made. */
export async function lockInvitation(tx: TenantTransaction, invitationId: string): Promise<boolean> {
  const rows = await tx.query(sql`
    select 1 from invitations where company_id = ${tx.tenant.companyId} and id = ${invitationId} for update`);
  return rows.length > 0;
}

export type ResendResult = { ok: true } | { ok: false; message: string };

/**
 * Send an open invitation again with a fresh link and expiry; the old link stops
 * working. null when there is no open invitation with this id. An expired
 * invitation held no seat, so renewing it needs one like a new invitation does.
 */
export async function resendInvitation(
  tx: TenantTransaction,
  invitationId: string,
  seats: SeatRules,
): Promise<ResendResult | null> {
  const [open] = await tx.query<{ expired: boolean }>(sql`
    select expires_at <= now() as expired from invitations
     where company_id = ${tx.tenant.companyId} and id = ${invitationId} and accepted_at is null and revoked_at is null`);
  if (!open) return null;
  if (open.expired) {
    const seat = await checkSeatAvailable(tx, tx.tenant.companyId, seats, { openInvitations: true });
    if (!seat.ok) return { ok: false, message: seatLimitMessage(seat, "Upgrade on the billing page, or revoke another invitation, to send this one again.") };
  }
  const token = generateToken();
  const [invitation] = await auditedAs(tx, "invitation.resend", (audited) => audited.query<{ email: string; role: InvitableRole; expires_at: Date }>(sql`
    update invitations
       set token_hash = ${hashToken(token)}, sent_at = now(),
           expires_at = now() + make_interval(days => ${invitationLifetimeDays})
     where company_id = ${tx.tenant.companyId} and id = ${invitationId}
       and accepted_at is null and revoked_at is null
     returning email, role, expires_at`));
  if (!invitation) return null;
  await queueInvitationEmail(tx, { email: invitation.email, role: invitation.role, expiresAt: invitation.expires_at }, token);
  return { ok: true };
}

export async function revokeInvitation(tx: TenantTransaction, invitationId: string): Promise<boolean> {
  const rows = await auditedAs(tx, "invitation.revoke", (audited) => audited.query(sql`
    update invitations set revoked_at = now()
     where company_id = ${tx.tenant.companyId} and id = ${invitationId} and accepted_at is null and revoked_at is null
     returning 1`));
  return rows.length > 0;
}
