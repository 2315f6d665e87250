import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withDeprecation } from "~/api/deprecation";
import type { Endpoint } from "~/api/endpoint";
import { auditRequestOf, type Member } from "~/kernel/accounts/session.server";
import { recordPermissionRefusal } from "~/kernel/accounts/permission-refusals.server";
import { billingStanding, changesState, readOnlyMessage } from "~/kernel/company/read-only";
import { twoFactorRequiredForTokens } from "~/kernel/accounts/two-factor-requirement";
import { scopeFor, tokenMay, type Scope } from "~/kernel/api-tokens/scopes";
import { perform, type CallOut, type Operation, type Refusal } from "~/kernel/operations";
import { permissionDescriptions, type Permission } from "~/kernel/permissions";
import type { TenantTransaction } from "../../db/tenant";
import { idempotently } from "./idempotency.server";
import { problem, type FieldError, type ProblemCode } from "./problems";

/**
 * The public API's door (docs/api.md, decision 030): a Bearer token instead of the
 * session cookie, problem details instead of form errors, JSON instead of forms,
 * and behind it the same member, permission, schema and operation as the pages.
 *
 * It never reads a cookie. That is what makes the API safe from cross-site request
 * forgery, and why server/request-guards.ts lets /api/ writes through without an Origin.
 */

export interface ApiCaller {
  member: Member;
  token: { id: string; name: string; scopes: Scope[]; expiresAt: Date | null };
}

type Args = LoaderFunctionArgs | ActionFunctionArgs;

const bearer = /^Bearer +(\S+) *$/i;

/**
 * The token's person as a member of the token's company, with their role of this
 * moment. Anything short of a live token of an active member is the same 401.
 */
export async function authenticate({ request, context }: Args, options: { whileReadOnly?: boolean } = {}): Promise<ApiCaller> {
  const credentials = request.headers.get("Authorization");
  const token = credentials?.match(bearer)?.[1];
  const holder = token ? await context.auth.accounts.findApiTokenHolder(token, context.clientIp) : null;
  if (!holder) {
    // RFC 6750: a request without credentials gets the challenge alone; a bad token also says why.
    const challenge = token ? 'Bearer realm="hourbook", error="invalid_token"' : 'Bearer realm="hourbook"';
    throw problem(401, "unauthenticated", token
      ? "The token is unknown, expired or revoked, or its person is no longer an active member."
      : "Send a personal access token as Authorization: Bearer hb_pat_….", { headers: { "WWW-Authenticate": challenge } });
  }
  const { subscription, twoFactorSetupDue, ...company } = holder.membership;
  if (twoFactorSetupDue) throw problem(403, "two-factor-required", twoFactorRequiredForTokens(company.name));
  const billing = billingStanding(context.billing.config, subscription);
  if (billing.state === "read-only" && changesState(request.method) && !options.whileReadOnly) {
    throw problem(423, "read-only", readOnlyMessage(billing.reason));
  }
  const member: Member = {
    user: holder.user,
    sessionId: null,
    billing,
    company,
    tenant: {
      companyId: company.companyId,
      userId: holder.user.id,
      role: company.role,
      request: auditRequestOf(request, context),
      // The audit log names the token as the actor of what it changes.
      actor: { kind: "api_key", id: holder.tokenId, name: holder.tokenName },
    },
  };
  return { member, token: { id: holder.tokenId, name: holder.tokenName, scopes: holder.scopes, expiresAt: holder.expiresAt } };
}

/**
 * 403 naming the scope the token lacks, or the permission its person's role lacks;
 * recorded in the company's audit log as a page's refusal is.
 */
export async function requireAccess({ request, context }: Args, caller: ApiCaller, permission: Permission): Promise<void> {
  if (tokenMay({ role: caller.member.company.role, scopes: caller.token.scopes }, permission)) return;
  await context.withTenant(caller.member.tenant, (tx) =>
    recordPermissionRefusal(tx, { permission, method: request.method, path: new URL(request.url).pathname }),
  );
  const scope = scopeFor(permission);
  if (!scope) throw problem(403, "forbidden", `API tokens can't ${permissionDescriptions[permission]}.`);
  if (!caller.token.scopes.includes(scope)) {
    throw problem(403, "missing-scope", `This token needs the ${scope} scope to ${permissionDescriptions[permission]}.`, {
      extensions: { scope },
    });
  }
  throw problem(403, "forbidden", `The token's person, as ${caller.member.company.role}, may not ${permissionDescriptions[permission]} (${permission}).`, {
    extensions: { permission },
  });
}

type Schema<T> = T extends z.ZodType ? z.output<T> : Record<string, never>;
type ParamsOf<E extends Endpoint> = Schema<E["params"]>;
type QueryOf<E extends Endpoint> = Schema<E["query"]>;
type BodyOf<E extends Endpoint> = Schema<E["body"]>;

/** The path's ids by the endpoint's schema: one that doesn't parse (not a UUID) names nothing. */
function paramsOf<E extends Endpoint>(endpoint: E, params: Args["params"]): ParamsOf<E> {
  if (!endpoint.params) return {} as ParamsOf<E>;
  const parsed = endpoint.params.safeParse(params);
  if (!parsed.success) throw notFoundProblem();
  return parsed.data as ParamsOf<E>;
}

function queryOf<E extends Endpoint>(endpoint: E, url: URL): QueryOf<E> {
  if (!endpoint.query) return {} as QueryOf<E>;
  const shape = endpoint.query.shape as Record<string, z.ZodType>;
  // A list parameter is repeated (person=…&person=…); any other takes its last value.
  const raw = Object.fromEntries(
    [...new Set(url.searchParams.keys())].map((name) => {
      const values = url.searchParams.getAll(name);
      return [name, shape[name] && isList(shape[name]) ? values : values.at(-1)];
    }),
  );
  const parsed = endpoint.query.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return parsed.data as QueryOf<E>;
}

/** Whether a parameter's schema, under optional, default or a pipe, takes an array. */
function isList(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  if (def.type === "array") return true;
  const inner = def.innerType ?? def.in;
  return inner ? isList(inner) : false;
}

export const notFoundProblem = (what = "Resource") => problem(404, "not-found", `${what} not found.`);

export function jsonResponse(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  // Answers depend on who asks; no shared cache may keep one.
  headers.set("Cache-Control", "private, no-store");
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/**
 * A read's checks without its transaction: authenticate, check ids, scope and role,
 * parse the query. For an answer streamed from a transaction of its own
 * (streamInTenant); other reads use apiRead.
 */
export async function apiReadRequest<E extends Endpoint>(
  args: LoaderFunctionArgs,
  endpoint: E & { permission: Permission },
): Promise<{ caller: ApiCaller; params: ParamsOf<E>; query: QueryOf<E> }> {
  const caller = await authenticate(args);
  const params = paramsOf(endpoint, args.params);
  await requireAccess(args, caller, endpoint.permission);
  return { caller, params, query: queryOf(endpoint, new URL(args.request.url)) };
}

/** A read: authenticate, check ids, scope and role, parse the query, then one tenant transaction. */
export async function apiRead<E extends Endpoint>(
  args: LoaderFunctionArgs,
  endpoint: E & { permission: Permission },
  work: (tx: TenantTransaction, caller: ApiCaller, request: { params: ParamsOf<E>; query: QueryOf<E> }) => Promise<Response>,
): Promise<Response> {
  return answeringFor(endpoint, async () => {
    const { caller, params, query } = await apiReadRequest(args, endpoint);
    return args.context.withTenant(caller.member.tenant, (tx) => work(tx, caller, { params, query }));
  });
}

/** Every answer of the endpoint, refusals included, carries what applies to all of them (deprecation). */
async function answeringFor(endpoint: Endpoint, answer: () => Promise<Response>): Promise<Response> {
  try {
    return withDeprecation(endpoint, await answer());
  } catch (thrown) {
    if (thrown instanceof Response) throw withDeprecation(endpoint, thrown);
    throw thrown;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each endpoint has its own input and result
type AnyOperation = Operation<any, any> | CallOut<any, any>;
type ResultOf<Op> = Op extends Operation<infer _Input, infer Result> | CallOut<infer _Input, infer Result> ? Result : never;
type InputOf<Op> = Op extends Operation<infer Input, unknown> | CallOut<infer Input, unknown> ? z.output<Input> : never;

export interface ApiChange<Op extends AnyOperation, E extends Endpoint = Endpoint> {
  operation: Op;
  /**
   * The operation's input from the parsed body and path, for an endpoint whose parsed
   * values the operation's schema can't parse a second time (a client's absent contact
   * email is already null) or whose path names a field otherwise (a project member's
   * `userId` is the assignment's `id`). Without it, the operation's schema parses them again.
   */
  input?: (fields: BodyOf<E> & ParamsOf<E>) => InputOf<Op>;
  /**
   * The resource's current ETag, read inside the operation's own transaction with its
   * row locked, so an If-Match is compared with what the change will actually change.
   * null when it doesn't exist (the operation then answers 404).
   */
  currentTag?: (tx: TenantTransaction, input: InputOf<Op>) => Promise<string | null>;
  respond: (result: ResultOf<Op>, caller: ApiCaller) => Response | Promise<Response>;
}

class StaleRepresentation extends Error {}

/**
 * A change: the same operation a page runs, its input from the path and the JSON
 * body, the body parsed by the endpoint's schema (the operation's own, made strict)
 * so a misspelt field is a 400 naming it rather than silently ignored.
 */
export async function apiChange<Op extends AnyOperation, E extends Endpoint = Endpoint>(
  args: ActionFunctionArgs,
  endpoint: E,
  change: ApiChange<Op, E>,
): Promise<Response> {
  const { request, params } = args;
  // The document states the endpoint's permission: it must be the one the operation checks.
  if (endpoint.permission !== change.operation.permission) {
    throw new Error(`${endpoint.operationId} documents ${endpoint.permission} but its operation needs ${change.operation.permission}`);
  }
  return answeringFor(endpoint, async () => {
    const caller = await authenticate(args, { whileReadOnly: endpoint.whileReadOnly });
    const fromPath = paramsOf(endpoint, params);
    await requireAccess(args, caller, change.operation.permission);
    const body = await request.text();
    // A POST sent with an Idempotency-Key runs once; its retries get the first answer.
    return idempotently(args, caller, body, () => applyChange(args, endpoint, change, caller, fromPath, body));
  });
}

async function applyChange<Op extends AnyOperation, E extends Endpoint>(
  { request, context }: ActionFunctionArgs,
  endpoint: E,
  change: ApiChange<Op, E>,
  caller: ApiCaller,
  fromPath: ParamsOf<E>,
  text: string,
): Promise<Response> {
  const body = parseJsonBody(request, text);
  const parsed = (endpoint.body ?? noBody).safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  let input: InputOf<Op>;
  if (change.input) {
    input = change.input({ ...parsed.data, ...fromPath } as BodyOf<E> & ParamsOf<E>);
  } else {
    // The operation reads what was sent, not the body schema's output: a field it transforms
    // (an amount typed as text) would not parse twice, and its refinements (a period that
    // ends before it starts) are its own.
    const checked = change.operation.input.safeParse({ ...(body as object), ...fromPath });
    if (!checked.success) throw invalidInput(checked.error.issues);
    input = checked.data as InputOf<Op>;
  }

  const ifMatch = request.headers.get("If-Match");
  const services: AppLoadContext =
    ifMatch && change.currentTag
      ? {
          ...context,
          withTenant: (tenant, work) =>
            context.withTenant(tenant, async (tx) => {
              const tag = await change.currentTag!(tx, input);
              if (tag !== null && !matchesIfMatch(ifMatch, tag)) throw new StaleRepresentation();
              return work(tx);
            }),
        }
      : context;
  let outcome;
  try {
    outcome = await perform(change.operation, input, { member: caller.member, services });
  } catch (error) {
    if (error instanceof StaleRepresentation) {
      throw problem(412, "precondition-failed", "The resource changed since you read it: fetch it again, then retry with its new ETag.");
    }
    throw error;
  }
  if (!outcome.ok) throw refusalProblem(outcome);
  return change.respond(outcome.value as ResultOf<Op>, caller);
}

/** `If-Match: *`, one tag, or a list of them; weak tags never match (RFC 9110, strong comparison). */
export function matchesIfMatch(header: string, tag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim() === tag);
}

function parseJsonBody(request: Request, text: string): unknown {
  if (text.trim() === "") return {};
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    throw problem(415, "unsupported-media-type", "Send the body as JSON, with Content-Type: application/json.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw problem(400, "malformed-json", "The body isn't valid JSON.");
  }
}

const noBody = z.strictObject({});

export function invalidInput(issues: z.core.$ZodIssue[]): Response {
  return invalidFields(
    issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ field: [...issue.path, key].join("."), message: `Unknown field: ${key}` }))
        : [{ field: issue.path.join(".") || "(body)", message: issue.message }],
    ),
  );
}

/** 400 naming the fields at fault, in the pages' words. */
export function invalidFields(errors: FieldError[]): Response {
  const fields = [...new Set(errors.map((error) => error.field))].join(", ");
  return problem(400, "invalid-input", `Check these fields: ${fields}.`, { extensions: { errors } });
}

const refusalCodes: Record<Refusal["status"], ProblemCode> = {
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  422: "rule-broken",
  503: "unavailable",
};

export function refusalProblem({ status, message, field, fieldErrors }: Refusal): Response {
  const errors: FieldError[] = fieldErrors
    ? Object.entries(fieldErrors).map(([name, error]) => ({ field: name, message: error }))
    : field
      ? [{ field, message }]
      : [];
  return problem(status, refusalCodes[status], message, errors.length ? { extensions: { errors } } : {});
}

/** A method the resource doesn't take: 405 with the ones it does. */
export function methodNotAllowed(allowed: string[]): Response {
  return new Response(null, { status: 405, headers: { Allow: allowed.join(", ") } });
}
