import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { Member } from "~/kernel/accounts/session.server";
import { getOpenInvitation, lockInvitation, type InvitationRow } from "~/kernel/members/invitations.server";
import { getMember, lockMember, type MemberRow } from "~/kernel/members/members.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { invitationSchema, memberSchema } from "./schemas";
import { etagOf, tagged, type AnswerInit } from "../etag";

/** A member as the API shows them, alone or in a list. */
export function memberJson(row: MemberRow): z.output<typeof memberSchema> {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    lastActiveAt: row.lastActiveAt?.toISOString() ?? null,
    joinedAt: row.joinedAt.toISOString(),
    teams: row.teams.map((team) => ({ id: team.id, name: team.name, isManager: team.isManager })),
  };
}

/** An open invitation as the API shows it, alone or in a list. */
export function invitationJson(row: InvitationRow): z.output<typeof invitationSchema> {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedById && row.invitedBy !== null ? { userId: row.invitedById, name: row.invitedBy } : null,
    sentAt: row.sentAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expired,
    teams: row.teams.map((team) => ({ id: team.id, name: team.name })),
  };
}

/** The member's current ETag with their membership locked, for If-Match; null when there is no such member. */
export async function lockedMemberTag(tx: TenantTransaction, userId: string): Promise<string | null> {
  if (!(await lockMember(tx, userId))) return null;
  const member = await getMember(tx, userId);
  return member ? etagOf(memberJson(member)) : null;
}

/** The open invitation's current ETag with its row locked; null when it isn't open (the operation then answers 404). */
export async function lockedInvitationTag(tx: TenantTransaction, invitationId: string): Promise<string | null> {
  if (!(await lockInvitation(tx, invitationId))) return null;
  const invitation = await getOpenInvitation(tx, invitationId);
  return invitation ? etagOf(invitationJson(invitation)) : null;
}

/** A member change's answer: the member as they now are, with their ETag. */
export async function memberAnswer(context: AppLoadContext, member: Member, userId: string): Promise<Response> {
  const row = await context.withTenant(member.tenant, (tx) => getMember(tx, userId));
  const body = memberJson(row!);
  return tagged(body);
}

/** An invitation change's answer: the invitation as it now is, with its ETag (and a 201's Location). */
export async function invitationAnswer(
  context: AppLoadContext,
  member: Member,
  invitationId: string,
  init: AnswerInit = {},
): Promise<Response> {
  const row = await context.withTenant(member.tenant, (tx) => getOpenInvitation(tx, invitationId));
  const body = invitationJson(row!);
  return tagged(body, init);
}
