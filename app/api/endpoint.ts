import type { z } from "zod";
import type { Permission } from "~/kernel/permissions";

/** The groups the reference shows, in its order, each with what it holds. */
export const apiTags = {
  Account: "The token's person and company",
  Teams: "Teams and who is in them",
  Invoices: "Invoices and credit notes: drafts from approved time, issuing, payment, corrections and PDFs",
  "Time entries": "Time logged on projects and tasks, one entry a day each, under the week grid's rules",
  Timer: "The token's person's running timer",
  Members: "The company's members: their roles, and deactivating and reactivating them",
  Invitations: "Invitations to join the company, waiting for an answer",
  Clients: "Who the company bills: currency and default rate",
  Projects: "What people log time on: rates, budgets and who may log",
  Tasks: "The kinds of work within a project",
  Notifications: "The token's person's own notifications",
  Search: "One search across people, projects, clients, tasks and time entry notes",
  Reports: "Time reports as JSON, CSV or XLSX",
  "Audit log": "Who changed what, when and from where",
  Timesheets: "Weekly timesheets: submitting, withdrawing, approving, sending back and reopening them, and the lock date",
  Webhooks: "Endpoints that receive the company's events, signed per Standard Webhooks, and their delivery log",
} as const;

export type ApiTag = keyof typeof apiTags;

/** The media types an answer may come in besides JSON: files and streams. */
export const fileMediaTypes = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ndjson: "application/x-ndjson",
  pdf: "application/pdf",
} as const;

export type FileMediaType = (typeof fileMediaTypes)[keyof typeof fileMediaTypes];

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
    /**
     * Media types the answer comes in besides (or, without `schema`, instead of)
     * JSON, each with its schema; for NDJSON, each line's.
     */
    mediaTypes?: Partial<Record<FileMediaType, z.ZodType>>;
  };
  /** Takes If-Match and answers 412 when it is stale. */
  ifMatch?: true;
  /** Takes If-None-Match and answers 304 when nothing changed. */
  ifNoneMatch?: true;
  /** Can be refused with 409 because of the current state (a name taken); other refusals follow from the fields above (openapi.ts). */
  conflicts?: true;
  /** Can be refused with 422 because a rule forbids the change (a locked week, an issue date too far ahead). */
  rules?: true;
  /** Names other resources by id in its body (a project's client): 404 when one isn't there or is another company's. */
  bodyIds?: true;
  /** A change a read-only company keeps, as its page does (it touches only the caller's own inbox): never a 423. */
  whileReadOnly?: true;
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
