import { z } from "zod";
import type { Permission } from "~/kernel/permissions";
import { createTeamInput, putTeamMemberInput, removeTeamMemberInput, renameTeamInput, teamInput } from "~/kernel/teams/inputs";
import { pageQuery } from "./pagination";
import { companySchema, meSchema, teamMembershipSchema, teamPageSchema, teamSchema } from "./schemas";

/**
 * Every endpoint of /api/v1, once. The route modules take their parameter, query and
 * body schemas from here and the OpenAPI document is generated from here, so what the
 * document promises is what the handlers check. A body is the operation's own input
 * schema without the path's ids, made strict: a field the endpoint doesn't take is a
 * 400 naming it.
 */
export interface Endpoint {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** As OpenAPI writes it: `{name}` for a path parameter. */
  path: string;
  operationId: string;
  tag: "Account" | "Teams";
  summary: string;
  description?: string;
  /** What the token's scope and its person's role must allow; null when any live token may call it. */
  permission: Permission | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodObject;
  success: {
    status: 200 | 201 | 204;
    description: string;
    schema?: z.ZodType;
    headers?: readonly ("ETag" | "Location" | "Link")[];
  };
  /** Takes If-Match and answers 412 when it is stale. */
  ifMatch?: true;
  /** Takes If-None-Match and answers 304 when nothing changed. */
  ifNoneMatch?: true;
  /** Can be refused with 409 because of the current state (a name taken); other refusals follow from the fields above (openapi.ts). */
  conflicts?: true;
}

const teamPath = teamInput;
const teamMemberPath = removeTeamMemberInput;

export const endpoints = {
  me: {
    method: "get",
    path: "/api/v1/me",
    operationId: "getMe",
    tag: "Account",
    summary: "Who the token acts as",
    description: "The person, company and role the token acts as, its scopes and expiry.",
    permission: null,
    success: { status: 200, description: "The token's person and company", schema: meSchema },
  },
  company: {
    method: "get",
    path: "/api/v1/company",
    operationId: "getCompany",
    tag: "Account",
    summary: "The token's company",
    permission: "company:view",
    success: { status: 200, description: "The company", schema: companySchema },
  },
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

export type EndpointName = keyof typeof endpoints;
