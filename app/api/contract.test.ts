import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHourbookClient } from "../../client";
import { sql } from "../../db/sql";
import type { MemberRole, TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { createApiTokenOperation } from "~/kernel/api-tokens/operations.server";
import type { Scope } from "~/kernel/api-tokens/scopes";
import type { Member } from "~/kernel/accounts/session.server";
import { perform } from "~/kernel/operations";
import { createTeam } from "~/kernel/teams/teams.server";
import { openApiDocument } from "./openapi";

/**
 * The contract: every operation of the OpenAPI document, called through the real
 * route modules over a real database with real tokens, answers only what the document
 * says it may, in the shape the document gives, and every response the document
 * promises is seen. It also holds the registry, the routes and the tests together.
 */

// The document as a client reads it: plain JSON, not the library's objects.
const document = JSON.parse(JSON.stringify(openApiDocument())) as OpenApi;

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, ResponseObject> };
}
interface Operation {
  operationId: string;
  security: { bearer: string[] }[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface ResponseObject {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: unknown }>;
}

const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);

// --- the route modules, found as Remix finds them ---------------------------------

const routesFolder = join(import.meta.dirname, "../routes");
const apiRouteFiles = readdirSync(routesFolder).filter((name) => /^api\.v1\..+\.ts$/.test(name) && !name.endsWith(".test.ts"));
/** The document itself is served beside the API; it needs no token and describes nothing of its own. */
const undocumented = new Set(["/api/v1/openapi.json"]);

/** The OpenAPI path a route file serves: `$name` is `{name}`, `_index` adds nothing, `[.]` is a dot. */
function pathOfRouteFile(file: string): string {
  const segments = file.replace(/\.ts$/, "").replaceAll("[.]", "\0").split(".").filter((segment) => segment !== "_index");
  return `/${segments.map((segment) => (segment.startsWith("$") ? `{${segment.slice(1)}}` : segment)).join("/")}`.replaceAll("\0", ".");
}

interface RouteModule {
  loader?: (args: unknown) => Promise<Response> | Response;
  action?: (args: unknown) => Promise<Response> | Response;
}
let routes: { pattern: RegExp; names: string[]; module: RouteModule }[] = [];

let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  routes = await Promise.all(
    apiRouteFiles.map(async (file) => {
      const path = pathOfRouteFile(file);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const pattern = new RegExp(`^${path.replaceAll(".", "\\.").replace(/\{\w+\}/g, "([^/]+)")}$`);
      return { pattern, names, module: (await import(join(routesFolder, file))) as RouteModule };
    }),
  );
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

/** A request as Remix hands it to a route module: the loader for GET, the action otherwise. */
async function dispatch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const route = routes.find(({ pattern }) => pattern.test(url.pathname));
  if (!route) throw new Error(`No route serves ${url.pathname}`);
  const values = url.pathname.match(route.pattern)!.slice(1);
  const params = Object.fromEntries(route.names.map((name, i) => [name, values[i]]));
  const handler = request.method === "GET" ? route.module.loader : route.module.action;
  try {
    return await handler!({ request, params, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

// --- people, tokens and teams -------------------------------------------------------

function memberOf(tenant: TenantContext): Member {
  return {
    user: { id: tenant.userId, name: "Test person", email: "test@example.test" },
    sessionId: null,
    company: { companyId: tenant.companyId, slug: "", name: "", role: tenant.role, timezone: "UTC", weekStart: 1 },
    tenant,
    billing: { state: "ok" },
  };
}

async function tokenFor(tenant: TenantContext, scopes: Scope[]): Promise<string> {
  const outcome = await perform(createApiTokenOperation, { name: `Contract ${Math.random()}`, scopes, expiresIn: "30" }, {
    member: memberOf(tenant),
    services: context,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value.token;
}

async function companyWith(roles: Record<string, MemberRole>) {
  const companyId = await createCompany(db, `Contract company ${Math.random()}`);
  const people: Record<string, TenantContext> = {};
  for (const [key, role] of Object.entries(roles)) people[key] = await createMember(db, companyId, role);
  return { companyId, people };
}

const allScopes: Scope[] = ["company:read", "teams:read", "teams:write"];

interface World {
  token: string;
  /** A token with one scope other than the one named. */
  tokenWithout: (scope: string) => Promise<string>;
  readOnlyToken: string;
  owner: TenantContext;
  employee: TenantContext;
  team: (name?: string) => Promise<string>;
  call: (method: string, path: string, options?: CallOptions) => Promise<Response>;
}

interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Call extends CallOptions {
  method?: string;
  path: string;
  expect: number;
}

async function world(): Promise<World> {
  const { people } = await companyWith({ owner: "owner", employee: "employee" });
  const token = await tokenFor(people.owner!, allScopes);
  const frozen = await companyWith({ owner: "owner" });
  await db.query(sql`
    insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
    values (${frozen.companyId}, 'business', 'canceled', 1, ${`cus_c${crypto.randomUUID().replaceAll("-", "")}`}, ${`sub_c${crypto.randomUUID().replaceAll("-", "")}`})`);
  const call: World["call"] = (method, path, options = {}) => {
    const headers = new Headers(options.headers);
    const bearer = options.token === undefined ? token : options.token;
    if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    }
    return dispatch(new Request(new URL(path, "http://hourbook.test"), { method, headers, body }));
  };
  return {
    token,
    tokenWithout: (scope) => tokenFor(people.owner!, [allScopes.find((other) => other !== scope)!]),
    readOnlyToken: await tokenFor(frozen.people.owner!, allScopes),
    owner: people.owner!,
    employee: people.employee!,
    team: async (name = `Team ${Math.random()}`) => {
      const created = await context.withTenant(people.owner!, (tx) => createTeam(tx, name));
      if (!created.ok) throw new Error(created.message);
      return created.id;
    },
    call,
  };
}

// --- what each operation is called with ---------------------------------------------

/**
 * Each operation's own calls, its success first, then the refusals only it can give. The
 * refusals every operation of a kind gives (401, 403, 404, 400, 415, 423) are made
 * from the document below.
 */
const cases: Record<string, (w: World) => Promise<Call[]>> = {
  getMe: async () => [{ path: "/api/v1/me", expect: 200 }],
  getCompany: async () => [{ path: "/api/v1/company", expect: 200 }],
  listTeams: async (w) => {
    await w.team();
    await w.team();
    return [
      { path: "/api/v1/teams?limit=1", expect: 200 },
      { path: "/api/v1/teams?archived=false", expect: 200 },
      { path: "/api/v1/teams?limit=201", expect: 400 },
      { path: "/api/v1/teams?cursor=not-ours", expect: 400 },
    ];
  },
  createTeam: async () => {
    const name = `Created ${Math.random()}`;
    return [
      { path: "/api/v1/teams", body: { name }, expect: 201 },
      { path: "/api/v1/teams", body: { name }, expect: 409 },
      { path: "/api/v1/teams", body: { name: " " }, expect: 400 },
      { path: "/api/v1/teams", body: "{name:", expect: 400 },
    ];
  },
  getTeam: async (w) => {
    const teamId = await w.team();
    const etag = (await w.call("GET", `/api/v1/teams/${teamId}`)).headers.get("ETag")!;
    return [
      { path: `/api/v1/teams/${teamId}`, expect: 200 },
      { path: `/api/v1/teams/${teamId}`, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  renameTeam: async (w) => {
    const teamId = await w.team();
    const taken = `Taken ${Math.random()}`;
    await w.team(taken);
    return [
      { path: `/api/v1/teams/${teamId}`, body: { name: `Renamed ${Math.random()}` }, expect: 200 },
      { path: `/api/v1/teams/${teamId}`, body: { name: "Stale" }, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/teams/${teamId}`, body: { name: taken }, expect: 409 },
    ];
  },
  archiveTeam: async (w) => {
    const teamId = await w.team();
    return [
      { path: `/api/v1/teams/${teamId}/archive`, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/teams/${teamId}/archive`, expect: 200 },
    ];
  },
  restoreTeam: async (w) => {
    const name = `Restored ${Math.random()}`;
    const teamId = await w.team(name);
    const clash = await w.team();
    for (const id of [teamId, clash]) await w.call("POST", `/api/v1/teams/${id}/archive`);
    await w.team(`Clash ${name}`);
    await w.call("PATCH", `/api/v1/teams/${clash}`, { body: { name: `Clash ${name}` } });
    return [
      { path: `/api/v1/teams/${teamId}/restore`, expect: 200 },
      { path: `/api/v1/teams/${clash}/restore`, expect: 409 },
      { path: `/api/v1/teams/${clash}/restore`, headers: { "If-Match": '"stale"' }, expect: 412 },
    ];
  },
  putTeamMember: async (w) => {
    const teamId = await w.team();
    return [
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, body: { isManager: true }, expect: 200 },
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, body: { isManager: "yes" }, expect: 400 },
    ];
  },
  removeTeamMember: async (w) => {
    const teamId = await w.team();
    await w.call("PUT", `/api/v1/teams/${teamId}/members/${w.employee.userId}`, { body: {} });
    return [
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, expect: 204 },
      { path: `/api/v1/teams/${teamId}/members/${w.employee.userId}`, expect: 404 },
    ];
  },
};

/** The refusals the document says an operation gives by its kind, made from the document alone. */
async function documentedRefusals(w: World, path: string, method: string, operation: Operation, anyPath: string, validBody: unknown): Promise<Call[]> {
  const calls: Call[] = [{ method, path: anyPath, token: null, expect: 401 }];
  const scope = operation.security[0]?.bearer[0];
  if (scope) calls.push({ method, path: anyPath, token: await w.tokenWithout(scope), expect: 403 });
  if (path.includes("{")) {
    calls.push({ method, path: path.replace(/\{\w+\}/g, crypto.randomUUID()), body: validBody, expect: 404 });
    calls.push({ method, path: path.replace(/\{\w+\}/g, "not-a-uuid"), expect: 404 });
  }
  if (method !== "GET") {
    calls.push({ method, path: anyPath, body: { notAField: 1 }, expect: 400 });
    calls.push({ method, path: anyPath, body: "x", headers: { "Content-Type": "text/plain" }, expect: 415 });
    calls.push({ method, path: anyPath, token: w.readOnlyToken, body: {}, expect: 423 });
  }
  return calls;
}

// --- checking an answer against the document ----------------------------------------

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, "openapi.json");

const pointerPart = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");

/** The documented response for a status, with where its schemas sit in the document. */
function documentedResponse(path: string, method: string, status: number) {
  const declared = document.paths[path]![method.toLowerCase()]!.responses[String(status)];
  if (!declared) return null;
  if ("$ref" in declared) {
    const name = declared.$ref.split("/").at(-1)!;
    return { response: document.components.responses[name]!, pointer: `#/components/responses/${pointerPart(name)}` };
  }
  return {
    response: declared as ResponseObject,
    pointer: `#/paths/${pointerPart(path)}/${method.toLowerCase()}/responses/${status}`,
  };
}

async function expectDocumented(path: string, method: string, response: Response) {
  const where = `${method} ${path} → ${response.status}`;
  const documented = documentedResponse(path, method, response.status);
  expect(documented, `${where} is not in the document`).not.toBeNull();
  const { response: declared, pointer } = documented!;
  for (const [name, header] of Object.entries(declared.headers ?? {})) {
    if (header.required) expect(response.headers.get(name), `${where}: header ${name}`).not.toBeNull();
  }
  const text = await response.text();
  if (!declared.content) {
    expect(text, `${where} has a body the document doesn't describe`).toBe("");
    return;
  }
  const mediaType = response.headers.get("Content-Type")?.split(";")[0]?.trim() ?? "";
  expect(Object.keys(declared.content), `${where}: Content-Type`).toContain(mediaType);
  const validate = ajv.getSchema(`openapi.json${pointer}/content/${pointerPart(mediaType)}/schema`)!;
  const body: unknown = JSON.parse(text);
  expect(validate(body) ? [] : validate.errors, `${where}: ${text}`).toEqual([]);
}

// --- the tests ---------------------------------------------------------------------

describe("the OpenAPI document", () => {
  it("describes every API route and no other", () => {
    const served = apiRouteFiles.map(pathOfRouteFile).filter((path) => !undocumented.has(path));
    expect([...new Set(served)].sort()).toEqual(Object.keys(document.paths).sort());
  });

  it("has a contract case for every operation, and none for operations it doesn't have", () => {
    expect(Object.keys(cases).sort()).toEqual(operations.map(({ operation }) => operation.operationId).sort());
  });

  it("is kept by every operation: each answer is documented and has the documented shape, and every documented answer happens", async () => {
    const w = await world();
    const anyTeam = await w.team();
    const seen = new Set<string>();
    for (const { path, method, operation } of operations) {
      const anyPath = path.replace("{teamId}", anyTeam).replace("{userId}", w.owner.userId);
      const own = await cases[operation.operationId]!(w);
      const calls = [...own, ...(await documentedRefusals(w, path, method, operation, anyPath, own[0]!.body))];
      for (const call of calls) {
        const response = await w.call(call.method ?? method, call.path, call);
        expect({ operation: operation.operationId, path: call.path, status: response.status }).toMatchObject({ status: call.expect });
        await expectDocumented(path, method, response);
        seen.add(`${operation.operationId} ${response.status}`);
      }
    }
    // 413 is answered before a handler runs (server/request-guards.ts, tested there).
    const promised = operations.flatMap(({ operation }) =>
      Object.keys(operation.responses).filter((status) => status !== "413").map((status) => `${operation.operationId} ${status}`),
    );
    expect(promised.filter((answer) => !seen.has(answer))).toEqual([]);
  });
});

describe("the generated client", () => {
  it("drives the API with typed paths, bodies and answers, and gets refusals as problem details", async () => {
    const w = await world();
    const hourbook = createHourbookClient({ baseUrl: "http://hourbook.test", token: w.token, fetch: dispatch });

    const created = await hourbook.POST("/api/v1/teams", { body: { name: "Client-made" } });
    expect(created.response.status).toBe(201);
    const teamId = created.data!.id;
    await hourbook.PUT("/api/v1/teams/{teamId}/members/{userId}", {
      params: { path: { teamId, userId: w.employee.userId } },
      body: { isManager: true },
    });
    const { data: team } = await hourbook.GET("/api/v1/teams/{teamId}", { params: { path: { teamId } } });
    expect(team?.members).toEqual([expect.objectContaining({ userId: w.employee.userId, isManager: true })]);

    const { error } = await hourbook.POST("/api/v1/teams", { body: { name: "Client-made" } });
    expect(error).toMatchObject({ status: 409, code: "conflict" });
  });
});
