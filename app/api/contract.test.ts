import type { AppLoadContext } from "@remix-run/node";
import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHourbookClient } from "../../client";
import { sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { apiScopes, type Scope } from "~/kernel/api-tokens/scopes";
import { apiClient, companyWith, dispatch, servedPaths, tokenFor, undocumentedPaths, type ApiCall } from "~/testing/api-harness";
import type { ContractCall, ContractCases, ContractWorld } from "~/testing/api-contract";
import { accountCases } from "./account/contract-cases";
import { openApiDocument } from "./openapi";
import { teamCases } from "./teams/contract-cases";

/**
 * The contract: every operation of the OpenAPI document, called through the real
 * route modules over a real database with real tokens, answers only what the document
 * says it may, in the shape the document gives, and every response the document
 * promises is seen. It also holds the registry, the routes and the tests together.
 */

const cases: ContractCases = { ...accountCases, ...teamCases };

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

let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

interface World extends ContractWorld {
  /** A token with every scope but the one named. */
  tokenWithout: (scope: string) => Promise<string>;
  /** A token of a company whose subscription has lapsed. */
  readOnlyToken: string;
}

async function world(): Promise<World> {
  const { people } = await companyWith(db, { owner: "owner", admin: "admin", manager: "manager", employee: "employee" });
  const { token } = await tokenFor(context, people.owner);
  const frozen = await companyWith(db, { owner: "owner" });
  await db.query(sql`
    insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
    values (${frozen.companyId}, 'business', 'canceled', 1, ${`cus_c${crypto.randomUUID().replaceAll("-", "")}`}, ${`sub_c${crypto.randomUUID().replaceAll("-", "")}`})`);
  const call: ApiCall = apiClient(context, token);
  return {
    db,
    context,
    ...people,
    call,
    tokenWithout: async (scope) => (await tokenFor(context, people.owner, apiScopes.filter((other: Scope) => other !== scope))).token,
    readOnlyToken: (await tokenFor(context, frozen.people.owner)).token,
  };
}

type Call = ContractCall;

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

/**
 * Every POST's success sent again with its Idempotency-Key: the same request gets
 * the first answer back, another request with the key a 422. The case's first
 * successful call is given the key.
 */
function idempotencyCalls(own: Call[]): Call[] {
  const at = own.findIndex((call) => (call.method ?? "POST") === "POST" && call.expect >= 200 && call.expect < 300);
  if (at < 0) return [];
  const success = { ...own[at]!, headers: { ...own[at]!.headers, "Idempotency-Key": crypto.randomUUID() } };
  own[at] = success;
  return [success, { ...success, body: { anotherRequest: true }, expect: 422 }];
}

/**
 * Answers no operation's own case can give, each tested where it is made: 413 and
 * 429 before a handler runs (server/request-guards.test.ts, server/api-limits.test.ts),
 * 409 for an Idempotency-Key still in use (app/routing/idempotency.test.ts).
 */
const answeredElsewhere = new Set(["PayloadTooLarge", "TooManyRequests", "IdempotencyKeyInUse"]);

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
    const served = servedPaths.filter((path) => !undocumentedPaths.has(path));
    expect([...new Set(served)].sort()).toEqual(Object.keys(document.paths).sort());
  });

  it("has a contract case for every operation, and none for operations it doesn't have", () => {
    expect(Object.keys(cases).sort()).toEqual(operations.map(({ operation }) => operation.operationId).sort());
  });

  it("is kept by every operation: each answer is documented and has the documented shape, and every documented answer happens", async () => {
    const w = await world();
    const seen = new Set<string>();
    for (const { path, method, operation } of operations) {
      // The answers made from the document come before any id is looked up.
      const anyPath = path.replace(/\{\w+\}/g, () => crypto.randomUUID());
      const own = await cases[operation.operationId]!(w);
      const replays = method === "POST" ? idempotencyCalls(own) : [];
      const calls = [...own, ...(await documentedRefusals(w, path, method, operation, anyPath, own[0]!.body)), ...replays];
      for (const call of calls) {
        const response = await w.call(call.method ?? method, call.path, call);
        expect({ operation: operation.operationId, path: call.path, status: response.status }).toMatchObject({ status: call.expect });
        await expectDocumented(path, method, response);
        seen.add(`${operation.operationId} ${response.status}`);
      }
    }
    const promised = operations.flatMap(({ operation }) =>
      Object.entries(operation.responses)
        .filter(([, response]) => !("$ref" in response && answeredElsewhere.has(response.$ref.split("/").at(-1)!)))
        .map(([status]) => `${operation.operationId} ${status}`),
    );
    expect(promised.filter((answer) => !seen.has(answer))).toEqual([]);
  });
});

describe("the generated client", () => {
  it("drives the API with typed paths, bodies and answers, and gets refusals as problem details", async () => {
    const w = await world();
    const { token } = await tokenFor(context, w.owner);
    const hourbook = createHourbookClient({ baseUrl: "http://hourbook.test", token, fetch: (request) => dispatch(context, request) });

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
