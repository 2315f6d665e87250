import { z } from "zod";
import { apiScopes } from "~/kernel/api-tokens/scopes";
import { memberRoles } from "../../db/tenant";
import { problemCodes } from "~/routing/problems";

/**
 * What the API answers, as zod schemas: the handlers' JSON is typed by them and the
 * OpenAPI document (app/api/openapi.ts) describes them, so the two can't disagree.
 * Each `id` becomes a named schema under components.schemas.
 */
const timestamp = z.iso.datetime().meta({ description: "ISO 8601 in UTC", example: "2026-12-07T16:00:00.000Z" });
const role = z.enum(memberRoles);

export const meSchema = z
  .object({
    person: z.object({ id: z.uuid(), name: z.string(), email: z.email() }),
    company: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    role,
    scopes: z.array(z.enum(apiScopes)),
    token: z.object({ id: z.uuid(), name: z.string(), expiresAt: timestamp.nullable() }),
  })
  .meta({ id: "Me", description: "Who the token acts as, and what it may do" });

export const companySchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string().meta({ description: "IANA time zone", example: "Europe/Berlin" }),
    weekStart: z.int().min(0).max(6).meta({ description: "First day of the week: 0 is Sunday, 1 Monday" }),
  })
  .meta({ id: "Company" });

export const teamSummarySchema = z
  .object({ id: z.uuid(), name: z.string(), archivedAt: timestamp.nullable(), createdAt: timestamp, memberCount: z.int().min(0) })
  .meta({ id: "TeamSummary", description: "A team as a list shows it" });

export const teamPageSchema = z
  .object({
    data: z.array(teamSummarySchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "TeamPage" });

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

export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: "A tag URI naming the kind of problem for good (not a page)" }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    code: z.enum(problemCodes),
    errors: z
      .array(z.object({ field: z.string().meta({ description: "`(body)` for the body as a whole" }), message: z.string() }))
      .optional()
      .meta({ description: "The fields at fault, in the pages' words" }),
    scope: z.enum(apiScopes).optional().meta({ description: "With missing-scope: the scope the token needs" }),
    permission: z.string().optional().meta({ description: "With forbidden: the permission the role lacks" }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
