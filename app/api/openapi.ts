import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { scopeDescriptions, scopeFor } from "~/kernel/api-tokens/scopes";
import { permissionDescriptions } from "~/kernel/permissions";
import { problemContentType } from "~/routing/problems";
import { apiTags, type Endpoint } from "./endpoint";
import { endpoints } from "./endpoints";
import { problemSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoint registry: nothing
 * in it is written by hand, so it can't promise what the handlers don't do
 * (decision 031). Served at /api/v1/openapi.json and turned into client/ by
 * `npm run api:client`.
 */

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 423 | 429;

// One object per status, each a named response every operation refers to: the
// library registers a response component by the object's identity.
const problem = (id: string, description: string, headers?: z.ZodObject): ZodOpenApiResponseObject => ({
  id,
  description,
  ...(headers && { headers }),
  content: { [problemContentType]: { schema: problemSchema } },
});

const rateLimitHeaders = {
  RateLimit: z.string().meta({ description: 'What is left of each limit, as `"burst";r=42;t=9, "sustained";r=580;t=51` (r: requests left, t: seconds until it refills)' }),
  "RateLimit-Policy": z.string().meta({ description: 'The limits, as `"burst";q=100;w=15, "sustained";q=600;w=60` (q: requests per window of w seconds)' }),
};

const problemResponses: Record<ProblemStatus, ZodOpenApiResponseObject> = {
  400: problem("InvalidInput", "A field or query parameter is missing, wrong or unknown (`invalid-input`, with `errors`), or the body isn't JSON (`malformed-json`)"),
  401: problem("Unauthenticated", "No token, or one that is unknown, expired, revoked or whose person is no longer an active member"),
  403: problem("Forbidden", "The token lacks the scope (`missing-scope`, naming it in `scope`) or its person's role the permission (`forbidden`)"),
  404: problem("NotFound", "An unknown id (in the path, or in the body where it names another resource), another company's id, or an id that isn't a UUID"),
  409: problem("Conflict", "The change conflicts with the current state, such as a team name already taken (`conflict`); or a request with the same `Idempotency-Key` is still running (`idempotency-key-in-use`)"),
  412: problem("PreconditionFailed", "`If-Match` doesn't match the current `ETag`; nothing changed"),
  413: problem("PayloadTooLarge", "The body is over the size limit"),
  415: problem("UnsupportedMediaType", "The body isn't declared as JSON"),
  422: problem("RuleBroken", "A rule refuses the change (`rule-broken`), in the pages' words, with the field at fault in `errors` when there is one; or the `Idempotency-Key` was used with another request (`idempotency-key-reused`)"),
  423: problem("ReadOnly", "The company is read-only (subscription canceled or past due); reads keep working"),
  429: problem(
    "TooManyRequests",
    "The token (or, without one, the client's address) is over a rate limit (`rate-limited`); nothing was done. Wait `Retry-After` seconds",
    z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait before the next request" }), ...rateLimitHeaders }),
  ),
};

// A POST's 409 and 422 where its own refusals give neither: only its Idempotency-Key can.
const idempotencyResponses = {
  409: problem("IdempotencyKeyInUse", "A request with the same `Idempotency-Key` is still running (`idempotency-key-in-use`): retry later to get its answer"),
  422: problem("IdempotencyKeyReused", "The `Idempotency-Key` was used with another request, a different path or body (`idempotency-key-reused`)"),
};

/** The refusals an endpoint can give, from what it takes and does. */
export function problemStatuses(endpoint: Endpoint): ProblemStatus[] {
  const writes = endpoint.method !== "get";
  const idempotent = endpoint.method === "post";
  const statuses: ProblemStatus[] = [401, 429];
  if (writes || endpoint.query) statuses.push(400);
  if (endpoint.permission) statuses.push(403);
  if (endpoint.params || endpoint.bodyIds) statuses.push(404);
  if (endpoint.conflicts || idempotent) statuses.push(409);
  if (endpoint.ifMatch) statuses.push(412);
  if (endpoint.rules || idempotent) statuses.push(422);
  if (writes) statuses.push(413, 415);
  if (writes && !endpoint.whileReadOnly) statuses.push(423);
  return statuses.sort();
}

function problemResponse(endpoint: Endpoint, status: ProblemStatus): ZodOpenApiResponseObject {
  if (status === 409 && !endpoint.conflicts) return idempotencyResponses[409];
  if (status === 422 && !endpoint.rules) return idempotencyResponses[422];
  return problemResponses[status];
}

const responseHeaders = {
  ETag: z.string().meta({ description: "Strong tag of this representation, for If-Match and If-None-Match" }),
  Location: z.string().meta({ description: "The new resource's path" }),
  Link: z.string().optional().meta({ description: 'The next page, as `<…>; rel="next"`, when there is one' }),
};

function operationOf(endpoint: Endpoint): ZodOpenApiOperationObject {
  const scope = endpoint.permission ? scopeFor(endpoint.permission) : undefined;
  const needs = endpoint.permission
    ? `Needs the \`${scope}\` scope (${scopeDescriptions[scope!]}), and a role that may ${permissionDescriptions[endpoint.permission]} (\`${endpoint.permission}\`).`
    : "Any live token may call it, whatever its scopes.";
  const { success } = endpoint;
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [success.status]: {
      description: success.description,
      ...(success.headers && {
        headers: z.object(Object.fromEntries(success.headers.map((name) => [name, responseHeaders[name]]))),
      }),
      ...((success.schema || success.mediaTypes) && {
        content: {
          ...(success.schema && { "application/json": { schema: success.schema } }),
          ...Object.fromEntries(Object.entries(success.mediaTypes ?? {}).map(([type, schema]) => [type, { schema }])),
        },
      }),
    },
  };
  if (endpoint.ifNoneMatch) {
    responses[304] = { description: "Not modified: `If-None-Match` names the current `ETag`", headers: z.object({ ETag: responseHeaders.ETag }) };
  }
  for (const status of problemStatuses(endpoint)) responses[status] = problemResponse(endpoint, status);
  const conditional = {
    ...(endpoint.ifMatch && {
      "If-Match": z.string().optional().meta({ description: "Apply only if the resource still has this ETag (or `*`)" }),
    }),
    ...(endpoint.ifNoneMatch && {
      "If-None-Match": z.string().optional().meta({ description: "Answer 304 if the resource still has this ETag" }),
    }),
    ...(endpoint.method === "post" && {
      "Idempotency-Key": z.string().min(1).max(255).optional().meta({
        description:
          "Any unique string (a UUID): a retry with the same key and the same request gets the first answer instead of " +
          "making the change again. Kept for 24 hours per token; 2xx answers only.",
      }),
    }),
  };
  const sunset = endpoint.deprecated
    ? `Deprecated since ${endpoint.deprecated.since}; removed on ${endpoint.deprecated.sunset}.${endpoint.deprecated.link ? ` See ${endpoint.deprecated.link}.` : ""}`
    : undefined;
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: [sunset, endpoint.description, needs].filter(Boolean).join("\n\n"),
    ...(endpoint.deprecated && { deprecated: true }),
    tags: [endpoint.tag],
    security: [{ bearer: scope ? [scope] : [] }],
    "x-required-scope": scope ?? null,
    requestParams: {
      ...(endpoint.params && { path: endpoint.params }),
      ...(endpoint.query && { query: endpoint.query }),
      ...(Object.keys(conditional).length > 0 && { header: z.object(conditional) }),
    },
    ...(endpoint.body && { requestBody: { required: true, content: { "application/json": { schema: endpoint.body } } } }),
    responses,
  };
}

function build() {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const endpoint of Object.values(endpoints) as Endpoint[]) {
    (paths[endpoint.path] ??= {})[endpoint.method] = operationOf(endpoint);
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Hourbook API",
      version: "1",
      description:
        "Hourbook's public API: JSON over HTTPS with a personal access token, acting as the token's person in its company. " +
        "Every answer carries `RateLimit` and `RateLimit-Policy` headers; over a limit the answer is 429 with `Retry-After`. " +
        "Conventions (pagination, errors, ETags, idempotency keys, rate limits, CORS, versioning) are in docs/api.md.",
    },
    tags: Object.entries(apiTags).map(([name, description]) => ({ name, description })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "hb_pat_…",
          description: "A personal access token from the company's API tokens page, sent as `Authorization: Bearer hb_pat_…`.",
        },
      },
    },
    paths,
  });
}

let built: ReturnType<typeof build> | undefined;

/** The document, built once per process: the registry doesn't change while it runs. */
export function openApiDocument() {
  return (built ??= build());
}
