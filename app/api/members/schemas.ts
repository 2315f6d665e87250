import { z } from "zod";
import { assignableRoles } from "~/kernel/permissions";
import { pageSchema, role, timestamp } from "../schemas";

export const memberStatus = z.enum(["active", "deactivated"]);

export const memberSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.email(),
    role,
    status: memberStatus.meta({ description: "A deactivated member keeps their history but can't open the company" }),
    lastActiveAt: timestamp.nullable().meta({ description: "When they last used the company's pages, to within a few minutes; null if never" }),
    joinedAt: timestamp,
    teams: z
      .array(z.object({ id: z.uuid(), name: z.string(), isManager: z.boolean() }))
      .meta({ description: "The live teams they are in" }),
  })
  .meta({ id: "Member", description: "A person's membership of the company" });

export const memberPageSchema = pageSchema(memberSchema, "MemberPage");

export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    role: z.enum(assignableRoles),
    invitedBy: z.object({ userId: z.uuid(), name: z.string() }).nullable().meta({ description: "null when the inviter's account is gone" }),
    sentAt: timestamp.meta({ description: "When the last email went out" }),
    expiresAt: timestamp,
    expired: z.boolean().meta({ description: "The link no longer works; resend to renew it" }),
    teams: z.array(z.object({ id: z.uuid(), name: z.string() })).meta({ description: "The teams they join on accepting" }),
  })
  .meta({ id: "Invitation", description: "An invitation waiting for an answer" });

export const invitationPageSchema = pageSchema(invitationSchema, "InvitationPage");
