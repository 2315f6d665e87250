import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { permissions } from "../permissions";
import { apiScopes, scopeFor, scopePermissions, tokenMay } from "./scopes";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe("token scopes", () => {
  it("give each permission to at most one scope, so a refusal can name the one missing", () => {
    const granted = Object.values(scopePermissions).flat();
    expect(new Set(granted).size).toBe(granted.length);
    for (const permission of granted) expect(permissions).toContain(permission);
  });

  it("are the list the database accepts", async () => {
    const [check] = await db.query<{ definition: string }>(sql`
      select pg_get_constraintdef(c.oid) as definition from pg_constraint c
       where c.conrelid = 'api_tokens'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%scopes%'`);
    const inDatabase = [...check!.definition.matchAll(/'([a-z-]+:[a-z-]+)'/g)].map((m) => m[1]).sort();
    expect(inDatabase).toEqual([...apiScopes].sort());
  });

  it("act with the lesser of the token's scopes and the person's role", () => {
    expect(scopeFor("team:manage")).toBe("teams:write");
    expect(tokenMay({ role: "admin", scopes: ["teams:write"] }, "team:manage")).toBe(true);
    expect(tokenMay({ role: "employee", scopes: ["teams:write"] }, "team:manage")).toBe(false);
    expect(tokenMay({ role: "admin", scopes: ["teams:read"] }, "team:manage")).toBe(false);
  });

  it("keep billing and ownership out of every token's reach", () => {
    for (const permission of ["billing:manage", "member:transfer-ownership", "company:manage-settings"] as const) {
      expect(scopeFor(permission)).toBeUndefined();
      expect(tokenMay({ role: "owner", scopes: apiScopes }, permission)).toBe(false);
    }
  });
});
