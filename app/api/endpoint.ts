import type { z } from "zod";
import type { Permission } from "~/kernel/permissions";

/** The groups the reference shows, in its order, each with what it holds. */
export const apiTags = {
  Account: "The token's person and company",
  Teams: "Teams and who is in them",
} as const;

export type ApiTag = keyof typeof apiTags;

/**
 * One endpoint of /api/v1. The route modules take their parameter, query and
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
  tag: ApiTag;
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
  /** Can be refused with 422 because a rule forbids the change (a locked week). */
  rules?: true;
  /**
   * Announced for removal (docs/api.md, "Versioning and deprecation"): its answers
   * carry Deprecation and Sunset, and the document marks it deprecated. `since` is
   * the day it was deprecated (RFC 9745 dates it), `sunset` the day it goes (at
   * least 6 months later), `link` the page saying what to use instead.
   */
  deprecated?: { since: IsoDay; sunset: IsoDay; link?: string };
}

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDay = `${number}-${number}-${number}`;
