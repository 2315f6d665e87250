import { z } from "zod";
import { emailField } from "../accounts/schemas";
import { assignableRoles } from "../permissions";

/** The members' and invitations' operation inputs; the pages validate their forms with the same schemas in the browser. */
const userId = z.uuid();

export const changeRoleInput = z.object({ userId, role: z.enum(assignableRoles) });
export const memberInput = z.object({ userId });
export const transferOwnershipInput = z.object({ userId, stepDown: z.boolean().default(false) });

export const inviteInput = z.object({
  email: emailField,
  role: z.enum(assignableRoles, { error: "Choose a role" }),
  teamIds: z.array(z.uuid()).max(50).default([]),
});
export const invitationInput = z.object({ invitationId: z.uuid() });
