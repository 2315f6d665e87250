import { z } from "zod";
import { changeRoleInput, invitationInput, inviteInput, memberInput } from "~/kernel/members/inputs";
import type { Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import { role } from "../schemas";
import { invitationPageSchema, invitationSchema, memberPageSchema, memberSchema, memberStatus } from "./schemas";

const memberPath = memberInput;
const invitationPath = invitationInput;

export const memberEndpoints = {
  listMembers: {
    method: "get",
    path: "/api/v1/members",
    operationId: "listMembers",
    tag: "Members",
    summary: "List members",
    description: "Every member, in the order they joined, a page at a time; deactivated members too unless `status` says otherwise.",
    permission: "member:view",
    query: z.object({
      ...pageQuery.shape,
      role: role.optional().meta({ description: "Only members with this role" }),
      status: memberStatus.optional().meta({ description: "Only active or only deactivated members; both when left out" }),
    }),
    success: { status: 200, description: "A page of members", schema: memberPageSchema, headers: ["Link"] },
  },
  getMember: {
    method: "get",
    path: "/api/v1/members/{userId}",
    operationId: "getMember",
    tag: "Members",
    summary: "Get a member",
    permission: "member:view",
    params: memberPath,
    success: { status: 200, description: "The member", schema: memberSchema, headers: ["ETag"] },
    ifNoneMatch: true,
  },
  changeMemberRole: {
    method: "patch",
    path: "/api/v1/members/{userId}",
    operationId: "changeMemberRole",
    tag: "Members",
    summary: "Change a member's role",
    description:
      "Any role but owner: ownership is handed over on the members page only. " +
      "Refused with 422 when the member is the last owner, or is an owner and the token's person isn't.",
    permission: "member:manage",
    params: memberPath,
    body: z.strictObject(changeRoleInput.omit({ userId: true }).shape),
    success: { status: 200, description: "The member with their new role", schema: memberSchema, headers: ["ETag"] },
    ifMatch: true,
    rules: true,
  },
  deactivateMember: {
    method: "post",
    path: "/api/v1/members/{userId}/deactivate",
    operationId: "deactivateMember",
    tag: "Members",
    summary: "Deactivate a member",
    description:
      "Their time and history stay; they can no longer open the company, and their API tokens stop working at once. " +
      "Refused with 422 for the token's own person, the last owner, or an owner when the token's person isn't one.",
    permission: "member:manage",
    params: memberPath,
    success: { status: 200, description: "The deactivated member", schema: memberSchema, headers: ["ETag"] },
    ifMatch: true,
    rules: true,
  },
  reactivateMember: {
    method: "post",
    path: "/api/v1/members/{userId}/reactivate",
    operationId: "reactivateMember",
    tag: "Members",
    summary: "Reactivate a member",
    description: "Coming back takes a seat: refused with 409 when the plan's member limit (counting open invitations) is reached.",
    permission: "member:manage",
    params: memberPath,
    success: { status: 200, description: "The active member", schema: memberSchema, headers: ["ETag"] },
    ifMatch: true,
    conflicts: true,
  },
  listInvitations: {
    method: "get",
    path: "/api/v1/invitations",
    operationId: "listInvitations",
    tag: "Invitations",
    summary: "List open invitations",
    description: "Invitations not yet accepted or revoked, expired ones included (flagged), oldest first, a page at a time.",
    permission: "invitation:manage",
    query: pageQuery,
    success: { status: 200, description: "A page of open invitations", schema: invitationPageSchema, headers: ["Link"] },
  },
  createInvitation: {
    method: "post",
    path: "/api/v1/invitations",
    operationId: "createInvitation",
    tag: "Invitations",
    summary: "Invite someone",
    description:
      "Sends the same email as the invitations page, with a link that works once, for 7 days. Refused with 409 when the " +
      "person is a member already, has an open invitation, a team is gone, or the plan has no seat left (open invitations hold seats).",
    permission: "invitation:manage",
    body: z.strictObject(inviteInput.shape),
    success: { status: 201, description: "The invitation", schema: invitationSchema, headers: ["Location", "ETag"] },
    conflicts: true,
  },
  getInvitation: {
    method: "get",
    path: "/api/v1/invitations/{invitationId}",
    operationId: "getInvitation",
    tag: "Invitations",
    summary: "Get an open invitation",
    description: "404 once it is accepted or revoked.",
    permission: "invitation:manage",
    params: invitationPath,
    success: { status: 200, description: "The invitation", schema: invitationSchema, headers: ["ETag"] },
    ifNoneMatch: true,
  },
  resendInvitation: {
    method: "post",
    path: "/api/v1/invitations/{invitationId}/resend",
    operationId: "resendInvitation",
    tag: "Invitations",
    summary: "Send an invitation again",
    description:
      "A new email with a fresh link and expiry; the old link stops working. Renewing an expired invitation takes a seat " +
      "again: refused with 409 when the plan has none left.",
    permission: "invitation:manage",
    params: invitationPath,
    success: { status: 200, description: "The invitation as it now is", schema: invitationSchema, headers: ["ETag"] },
    ifMatch: true,
    conflicts: true,
  },
  revokeInvitation: {
    method: "delete",
    path: "/api/v1/invitations/{invitationId}",
    operationId: "revokeInvitation",
    tag: "Invitations",
    summary: "Revoke an invitation",
    description: "Its link stops working and its seat is free again.",
    permission: "invitation:manage",
    params: invitationPath,
    success: { status: 204, description: "Revoked" },
    ifMatch: true,
  },
} as const satisfies Record<string, Endpoint>;
