import { z } from "zod";
import { apiScopes } from "~/kernel/api-tokens/scopes";
import { memberRoles } from "../../db/tenant";
import { problemCodes } from "~/routing/problems";

/**
 * What the API answers, as zod schemas: the handlers' JSON is typed by them and the
 * OpenAPI document (app/api/openapi.ts) describes them, so the two can't disagree.
 * Each `id` becomes a named schema under components.schemas.
 */
export const timestamp = z.iso.datetime().meta({ description: "ISO 8601 in UTC", example: "2026-12-07T16:00:00.000Z" });
export const role = z.enum(memberRoles);

/** A list's page: its rows and the cursor of the next. */
export function pageSchema<Item extends z.ZodType>(item: Item, id: string) {
  return z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
    })
    .meta({ id });
}

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
