import { notFound, operation, outcomeOf, refused, succeeded } from "../operations";
import { changeRoleInput, invitationInput, inviteInput, memberInput, transferOwnershipInput } from "./inputs";
import { createInvitation, resendInvitation, revokeInvitation } from "./invitations.server";
import { changeMemberRole, setMemberStatus, transferOwnership } from "./members.server";

/**
 * Not to owner: that is a transfer. Only an owner changes another owner's role, and
 * never the last owner's: rules about roles, so a refusal is a 422, not a conflict.
 */
export const changeRoleOperation = operation({
  name: "member.change-role",
  permission: "member:manage",
  input: changeRoleInput,
  run: async (tx, input) => outcomeOf(await changeMemberRole(tx, input.userId, input.role), "Member", 422),
});

/** Their history stays; they can no longer open the company. Nobody deactivates themselves, the last owner, or (unless an owner) an owner: 422. */
export const deactivateMemberOperation = operation({
  name: "member.deactivate",
  permission: "member:manage",
  input: memberInput,
  run: async (tx, input, { services }) =>
    outcomeOf(await setMemberStatus(tx, input.userId, "deactivated", services.billing), "Member", 422),
});

/** Coming back takes a seat, as joining does: the plan's member limit may refuse it (409, as for an invitation). */
export const reactivateMemberOperation = operation({
  name: "member.reactivate",
  permission: "member:manage",
  input: memberInput,
  run: async (tx, input, { services }) => outcomeOf(await setMemberStatus(tx, input.userId, "active", services.billing), "Member"),
});

/** Makes another active member an owner; the acting owner may step down to admin at once. */
export const transferOwnershipOperation = operation({
  name: "member.transfer-ownership",
  permission: "member:transfer-ownership",
  input: transferOwnershipInput,
  run: async (tx, input) => outcomeOf(await transferOwnership(tx, input.userId, { stepDown: input.stepDown }), "Member"),
});

/** Queues the email with its link in the same transaction; open invitations hold seats. */
export const inviteOperation = operation({
  name: "invitation.create",
  permission: "invitation:manage",
  input: inviteInput,
  run: async (tx, input, { services }) => {
    const invited = await createInvitation(tx, input, services.billing);
    return invited.ok ? succeeded({ id: invited.id, email: input.email }) : refused(409, invited.message, invited.field);
  },
});

/** A fresh link and expiry; the old link stops working. */
export const resendInvitationOperation = operation({
  name: "invitation.resend",
  permission: "invitation:manage",
  input: invitationInput,
  run: async (tx, input, { services }) =>
    outcomeOf(await resendInvitation(tx, input.invitationId, services.billing), "Invitation"),
});

export const revokeInvitationOperation = operation({
  name: "invitation.revoke",
  permission: "invitation:manage",
  input: invitationInput,
  run: async (tx, input) => ((await revokeInvitation(tx, input.invitationId)) ? succeeded(input) : notFound("Invitation")),
});
