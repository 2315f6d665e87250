import { z } from "zod";
import { pageSchema, role, timestamp } from "../schemas";

export const teamSummarySchema = z
  .object({ id: z.uuid(), name: z.string(), archivedAt: timestamp.nullable(), createdAt: timestamp, memberCount: z.int().min(0) })
  .meta({ id: "TeamSummary", description: "A team as a list shows it" });

export const teamPageSchema = pageSchema(teamSummarySchema, "TeamPage");

export const teamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    archivedAt: timestamp.nullable(),
    members: z.array(z.object({ userId: z.uuid(), name: z.string(), email: z.email(), role, isManager: z.boolean() })),
  })
  .meta({ id: "Team", description: "A team with its members" });

export const teamMembershipSchema = z
  .object({ teamId: z.uuid(), userId: z.uuid(), isManager: z.boolean() })
  .meta({ id: "TeamMembership" });
