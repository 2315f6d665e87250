import { z } from "zod";
import { createTeamInput, putTeamMemberInput, removeTeamMemberInput, renameTeamInput, teamInput } from "~/kernel/teams/inputs";
import type { Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import { teamMembershipSchema, teamPageSchema, teamSchema } from "./schemas";

const teamPath = teamInput;
const teamMemberPath = removeTeamMemberInput;

export const teamEndpoints = {
  listTeams: {
    method: "get",
    path: "/api/v1/teams",
    operationId: "listTeams",
    tag: "Teams",
    summary: "List teams",
    description: "Every team, oldest first, a page at a time.",
    permission: "team:view",
    query: z.object({
      ...pageQuery.shape,
      archived: z
        .enum(["true", "false"], { error: "Use true or false" })
        .optional()
        .meta({ description: "Only archived teams (true) or only live ones (false); both when left out" }),
    }),
    success: { status: 200, description: "A page of teams", schema: teamPageSchema, headers: ["Link"] },
  },
  createTeam: {
    method: "post",
    path: "/api/v1/teams",
    operationId: "createTeam",
    tag: "Teams",
    summary: "Create a team",
    permission: "team:manage",
    body: z.strictObject(createTeamInput.shape),
    success: { status: 201, description: "The new team", schema: teamSchema, headers: ["Location", "ETag"] },
    conflicts: true,
  },
  getTeam: {
    method: "get",
    path: "/api/v1/teams/{teamId}",
    operationId: "getTeam",
    tag: "Teams",
    summary: "Get a team with its members",
    permission: "team:view",
    params: teamPath,
    success: { status: 200, description: "The team", schema: teamSchema, headers: ["ETag"] },
    ifNoneMatch: true,
  },
  renameTeam: {
    method: "patch",
    path: "/api/v1/teams/{teamId}",
    operationId: "renameTeam",
    tag: "Teams",
    summary: "Rename a team",
    permission: "team:manage",
    params: teamPath,
    body: z.strictObject(renameTeamInput.omit({ teamId: true }).shape),
    success: { status: 200, description: "The renamed team", schema: teamSchema, headers: ["ETag"] },
    ifMatch: true,
    conflicts: true,
  },
  archiveTeam: {
    method: "post",
    path: "/api/v1/teams/{teamId}/archive",
    operationId: "archiveTeam",
    tag: "Teams",
    summary: "Archive a team",
    description: "The team keeps its members, as history, but no longer gives its managers authority.",
    permission: "team:manage",
    params: teamPath,
    success: { status: 200, description: "The archived team", schema: teamSchema, headers: ["ETag"] },
    ifMatch: true,
  },
  restoreTeam: {
    method: "post",
    path: "/api/v1/teams/{teamId}/restore",
    operationId: "restoreTeam",
    tag: "Teams",
    summary: "Restore an archived team",
    description: "Refused with 409 when a live team has taken its name meanwhile.",
    permission: "team:manage",
    params: teamPath,
    success: { status: 200, description: "The restored team", schema: teamSchema, headers: ["ETag"] },
    ifMatch: true,
    conflicts: true,
  },
  putTeamMember: {
    method: "put",
    path: "/api/v1/teams/{teamId}/members/{userId}",
    operationId: "putTeamMember",
    tag: "Teams",
    summary: "Add a member to a team, or change whether they manage it",
    permission: "team:manage",
    params: teamMemberPath,
    body: z.strictObject(putTeamMemberInput.omit({ teamId: true, userId: true }).shape),
    success: { status: 200, description: "The membership as it now is", schema: teamMembershipSchema },
  },
  removeTeamMember: {
    method: "delete",
    path: "/api/v1/teams/{teamId}/members/{userId}",
    operationId: "removeTeamMember",
    tag: "Teams",
    summary: "Take a member out of a team",
    permission: "team:manage",
    params: teamMemberPath,
    success: { status: 204, description: "Done" },
  },
} as const satisfies Record<string, Endpoint>;
