import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { contractWorld } from "~/testing/api-contract";
import { document, expectDocumented, operations, type Operation } from "~/testing/api-document";
import { cases } from "./contract-cases";

/**
 * Bad input over every operation of the document: each operation's own successful
 * call, taken from its contract cases, is sent again with one thing wrong at a time —
 * each field replaced by a value of the wrong type, a huge one, an impossible date or
 * a control character; each field left out; an unknown field; a body that isn't an
 * object; each query parameter mangled. Every answer must be one the document gives,
 * and none may be a 5xx.
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

const wrongValues: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e308,
  123456789012345,
  "",
  " ",
  "x".repeat(100_000),
  "\u0000",
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "2026-12-07T25:61:00Z",
  crypto.randomUUID(),
  "not-a-uuid",
  [],
  [1, 2, 3],
  {},
  { nested: { deeper: true } },
];

const wrongQueryValues = ["", "-1", "0", "1e309", "abc", "x".repeat(5_000), "\u0000", "2026-02-30", "null", "[]", crypto.randomUUID()];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every way to change one thing in a body: each value (at any depth) replaced, each key removed, arrays blown up. */
function* mutations(body: Json, extraKeys: string[]): Generator<{ what: string; body: unknown }> {
  yield* mutateAt(body, [], extraKeys);
  yield { what: "unknown field", body: { ...(body as object), notAField: "x" } };
  for (const other of [[], "text", 42, null, [body]]) yield { what: `body ${JSON.stringify(other).slice(0, 20)}`, body: other };
}

function* mutateAt(value: Json, path: (string | number)[], extraKeys: string[] = []): Generator<{ what: string; body: unknown }> {
  const set = (replacement: unknown) => ({ what: `${path.join(".") || "(body)"} = ${JSON.stringify(replacement)?.slice(0, 30)}`, replacement });
  if (Array.isArray(value)) {
    for (const replacement of [[], Array.from({ length: 1_001 }, () => value[0] ?? null), Array.from({ length: 10_000 }, () => 1)]) {
      yield { ...set(replacement), body: replace(path, replacement) };
    }
    if (value.length > 0) yield* mutateAt(value[0]!, [...path, 0]);
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const key of new Set([...Object.keys(value), ...extraKeys])) {
      if (key in value) {
        yield { what: `${[...path, key].join(".")} left out`, body: remove([...path, key]) };
        yield* mutateAt(value[key]!, [...path, key]);
      } else {
        for (const replacement of wrongValues) yield { ...set(replacement), what: `${key} = ${JSON.stringify(replacement)?.slice(0, 30)}`, body: replace([...path, key], replacement) };
      }
    }
    return;
  }
  for (const replacement of wrongValues) yield { ...set(replacement), body: replace(path, replacement) };
}

// The mutations are applied to the current operation's body, set before walking it.
let original: Json = null;
function replace(path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(original) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = replacement;
  return copy;
}
function remove(path: (string | number)[]): unknown {
  const copy = structuredClone(original) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  delete at[path.at(-1)!];
  return copy;
}

/** The names of a body's top-level properties the document lists, so fields the success call leaves out are tried too. */
function documentedFields(operation: Operation): string[] {
  let schema = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined)?.content?.["application/json"]?.schema;
  if (schema?.$ref) schema = resolve(schema.$ref);
  return Object.keys(schema?.properties ?? {});
}
interface SchemaObject {
  $ref?: string;
  properties?: Record<string, unknown>;
}
function resolve(ref: string): SchemaObject {
  return ref.replace(/^#\//, "").split("/").reduce((at: Record<string, unknown>, key) => at[key] as Record<string, unknown>, document as unknown as Record<string, unknown>) as SchemaObject;
}

function documentedQuery(operation: Operation): string[] {
  return (operation.parameters ?? []).filter((parameter) => parameter.in === "query").map((parameter) => parameter.name);
}

describe("bad input to any operation", () => {
  it("is refused with a documented 4xx, never a 5xx", async () => {
    const w = await contractWorld(db, context);
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, operation } of operations) {
      const [success] = await cases[operation.operationId]!(w);
      const call = success!;
      const attempts: { what: string; path: string; body?: unknown }[] = [];
      if (method !== "GET") {
        original = (call.body ?? {}) as Json;
        for (const mutation of mutations(original, documentedFields(operation))) attempts.push({ ...mutation, path: call.path });
      }
      const url = new URL(call.path, "http://hourbook.test");
      for (const name of documentedQuery(operation)) {
        for (const value of wrongQueryValues) {
          const mangled = new URL(url);
          mangled.searchParams.set(name, value);
          attempts.push({ what: `?${name}=${JSON.stringify(value).slice(0, 20)}`, path: `${mangled.pathname}${mangled.search}` });
        }
        const repeated = new URL(url);
        repeated.searchParams.append(name, "1");
        repeated.searchParams.append(name, "2");
        attempts.push({ what: `?${name} twice`, path: `${repeated.pathname}${repeated.search}` });
      }
      for (const attempt of attempts) {
        sent += 1;
        let response: Response;
        try {
          response = await w.call(call.method ?? method, attempt.path, { body: attempt.body, headers: call.headers });
        } catch (error) {
          failures.push(`${operation.operationId} ${attempt.what}: threw ${String(error).slice(0, 200)}`);
          continue;
        }
        if (response.status >= 500) {
          failures.push(`${operation.operationId} ${attempt.what}: ${response.status} ${(await response.text()).slice(0, 200)}`);
          continue;
        }
        try {
          await expectDocumented(path, method, response);
        } catch (error) {
          failures.push(`${operation.operationId} ${attempt.what}: ${String(error).slice(0, 300)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(operations.length * 10);
  }, 600_000);
});
