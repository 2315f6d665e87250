import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHourbookClient } from "../../client";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { dispatch, servedPaths, tokenFor, undocumentedPaths } from "~/testing/api-harness";
import { contractWorld, type ContractCall, type ContractWorld } from "~/testing/api-contract";
import { document, expectDocumented, operations, type Operation } from "~/testing/api-document";
import { cases } from "./contract-cases";

/**
 * The contract: every operation of the OpenAPI document, called through the real
 * route modules over a real database with real tokens, answers only what the document
 * says it may, in the shape the document gives, and every response the document
 * promises is seen. It also holds the registry, the routes and the tests together.
 */

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

type Call = ContractCall;

/** The refusals the document says an operation gives by its kind, made from the document alone. */
async function documentedRefusals(w: ContractWorld, path: string, method: string, operation: Operation, anyPath: string, validBody: unknown): Promise<Call[]> {
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
    if (operation.responses["423"]) calls.push({ method, path: anyPath, token: w.readOnlyToken, body: {}, expect: 423 });
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
 * 429 before a handler runs (server/request-guards.test.ts, server/api-edge.test.ts),
 * 409 for an Idempotency-Key still in use (app/routing/idempotency.test.ts).
 */
const answeredElsewhere = new Set(["PayloadTooLarge", "TooManyRequests", "IdempotencyKeyInUse"]);

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
    const w = await contractWorld(db, context);
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
    // Every operation, in turn, on a busy machine: longer than the default 30 s.
  }, 300_000);
});

describe("the generated client", () => {
  it("drives the API with typed paths, bodies and answers, and gets refusals as problem details", async () => {
    const w = await contractWorld(db, context);
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
