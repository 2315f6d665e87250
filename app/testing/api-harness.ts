/// <reference types="vite/client" />
import type { AppLoadContext } from "@remix-run/node";
import type { MemberRole, TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import type { TestDatabase } from "../../db/testing/test-database";
import type { expiryChoices } from "~/kernel/api-tokens/inputs";
import { createApiTokenOperation } from "~/kernel/api-tokens/operations.server";
import { apiScopes, type Scope } from "~/kernel/api-tokens/scopes";
import { perform } from "~/kernel/operations";
import { memberOf } from "./api-member";

export { memberOf };

/**
 * The public API as Remix serves it, for tests: every `app/routes/api.v1.*` module
 * found as Remix finds it, requests dispatched to their loader or action, tokens
 * made by the API tokens page's own operation.
 */

interface RouteModule {
  loader?: (args: unknown) => Promise<Response> | Response;
  action?: (args: unknown) => Promise<Response> | Response;
}

const found = import.meta.glob<RouteModule>(["../routes/api.v1.*.ts", "!../routes/*.test.ts"], { eager: true });
const catchAll = import.meta.glob<RouteModule>("../routes/api.$.ts", { eager: true })["../routes/api.$.ts"]!;

/** The document is served beside the API; it needs no token and describes nothing of its own. */
export const undocumentedPaths = new Set(["/api/v1/openapi.json"]);

/** The OpenAPI path a route file serves: `$name` is `{name}`, `_index` adds nothing, `[.]` is a dot. */
export function pathOfRouteFile(file: string): string {
  const segments = file.replace(/^.*\//, "").replace(/\.ts$/, "").replaceAll("[.]", "\0").split(".").filter((segment) => segment !== "_index");
  return `/${segments.map((segment) => (segment.startsWith("$") ? `{${segment.slice(1)}}` : segment)).join("/")}`.replaceAll("\0", ".");
}

const routes = Object.entries(found)
  .map(([file, module]) => {
    const path = pathOfRouteFile(file);
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const pattern = new RegExp(`^${path.replaceAll(".", "\\.").replace(/\{\w+\}/g, "([^/]+)")}$`);
    return { path, pattern, names, module };
  })
  // As Remix ranks them: a fixed segment wins over a parameter (/time-entries/bulk over /time-entries/{entryId}).
  .sort((a, b) => a.names.length - b.names.length);

/** Every path the API's route modules serve, as OpenAPI writes it. */
export const servedPaths = routes.map((route) => route.path);

/** A request as Remix hands it to a route module: the loader for GET and HEAD, the action otherwise. */
export async function dispatch(context: AppLoadContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const route = routes.find(({ pattern }) => pattern.test(url.pathname));
  const values = route ? url.pathname.match(route.pattern)!.slice(1) : [];
  const params = route ? Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(values[i]!)])) : {};
  // What no route serves, Remix hands to the API's catch-all.
  const module = route?.module ?? catchAll;
  const handler = request.method === "GET" || request.method === "HEAD" ? module.loader : module.action;
  try {
    return await handler!({ request, params, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export interface CallOptions {
  /** The Bearer token; null sends none. */
  token?: string | null;
  /** JSON, or a string sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiCall = (method: string, path: string, options?: CallOptions) => Promise<Response>;

/** Calls to the API with a default token. */
export function apiClient(context: AppLoadContext, defaultToken: string | null): ApiCall {
  return (method, path, options = {}) => {
    const headers = new Headers(options.headers);
    const bearer = options.token === undefined ? defaultToken : options.token;
    if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    }
    return dispatch(context, new Request(new URL(path, "http://hourbook.test"), { method, headers, body }));
  };
}

/** A token made by the page's own operation, as its person would make it; every scope unless told. */
export async function tokenFor(
  context: AppLoadContext,
  tenant: TenantContext,
  scopes: readonly Scope[] = apiScopes,
  expiresIn: (typeof expiryChoices)[number] = "30",
): Promise<{ id: string; token: string }> {
  const outcome = await perform(createApiTokenOperation, { name: `Script ${Math.random()}`, scopes: [...scopes], expiresIn }, {
    member: memberOf(tenant),
    services: context,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

/** A new company with a member for each role asked for. */
export async function companyWith<Key extends string>(db: TestDatabase, roles: Record<Key, MemberRole>) {
  const companyId = await createCompany(db, `API company ${Math.random()}`);
  const people = {} as Record<Key, TenantContext>;
  for (const [key, role] of Object.entries(roles) as [Key, MemberRole][]) people[key] = await createMember(db, companyId, role);
  return { companyId, people };
}

/** A problem answer's body, after checking it is one. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get("Content-Type");
  if (type !== "application/problem+json") throw new Error(`Expected problem details, got ${response.status} ${type}`);
  return (await response.json()) as Record<string, unknown>;
}
