import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { loader as accountPage } from "./account";
import { action, loader } from "./c.$company.api-tokens";

/** The company page where members make and revoke their tokens, and owners and admins oversee everyone's. */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let slug: string;
let sessions: Record<"owner" | "admin" | "employee", string>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const companyId = await createCompany(db, "Token Co");
  [{ slug }] = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`)) as [{ slug: string }];
  ({ tokens: sessions } = await createSignedInMembers(db, context, companyId, { owner: "owner", admin: "admin", employee: "employee" }));
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const path = () => `/c/${slug}/api-tokens`;

async function post(who: "admin" | "employee", fields: [string, string][]) {
  const request = await requestAs(context, sessions[who], path(), { method: "POST", body: new URLSearchParams(fields) });
  try {
    const result = await action({ request, params: { company: slug }, context });
    return { status: statusOf(result), data: (result as { data?: unknown }).data as Record<string, unknown> | undefined };
  } catch (thrown) {
    if (statusOf(thrown) === undefined) throw thrown;
    return { status: statusOf(thrown), data: undefined };
  }
}

async function page(who: "admin" | "employee") {
  return loader({ request: await requestAs(context, sessions[who], path()), params: { company: slug }, context });
}

const create = (name: string, scopes: string[], expiresIn = "30"): [string, string][] => [
  ["intent", "create"], ["name", name], ...scopes.map((scope): [string, string] => ["scopes", scope]), ["expiresIn", expiresIn],
];

describe("the API tokens page", () => {
  it("shows a new token once, on the page itself rather than through a redirect, and lists it afterwards without its secret", async () => {
    const created = await post("employee", create("Timesheet sync", ["time:write", "teams:read"]));
    expect(created.status).toBe(200);
    const shown = created.data!.shownOnce as { token: string; name: string };
    expect(shown).toMatchObject({ name: "Timesheet sync", token: expect.stringMatching(/^hb_pat_[0-9A-Za-z]{40}$/) });

    const listed = await page("employee");
    expect(listed.mine).toEqual([expect.objectContaining({ name: "Timesheet sync", scopes: ["time:write", "teams:read"], revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(shown.token.slice(12));
    expect(listed.others).toBeNull();
  });

  it("refuses bad choices on their fields, with the same words the form shows", async () => {
    const noScopes = await post("employee", create("Nothing", []));
    expect(noScopes.status).toBe(400);
    expect(noScopes.data).toMatchObject({ error: { scopes: ["Choose at least one scope"] } });
    const forever = await post("employee", create("Forever", ["teams:read"], "never"));
    expect(forever.status).toBe(422);
    expect(forever.data).toMatchObject({ error: { expiresIn: ["Only owners may make a token that never expires"] } });
  });

  it("lets an admin see and revoke anyone's token, and nobody else revoke theirs", async () => {
    await post("admin", create("Admin's report pull", ["reports:read"]));
    const adminToken = (await page("admin")).mine[0]!;
    const employeeToken = (await page("employee")).mine[0]!;

    const refused = await post("employee", [["intent", "revoke"], ["tokenId", adminToken.id]]);
    expect(refused.status).toBe(404);

    const overview = await page("admin");
    expect(overview.others?.map((t) => t.id)).toContain(employeeToken.id);
    expect((await post("admin", [["intent", "revoke"], ["tokenId", employeeToken.id]])).status).toBe(302);

    const [states] = await db.query<{ admin: boolean; employee: boolean }>(sql`
      select (select revoked_at is not null from api_tokens where id = ${adminToken.id}) as admin,
             (select revoked_at is not null from api_tokens where id = ${employeeToken.id}) as employee`);
    expect(states).toEqual({ admin: false, employee: true });
  });

  it("is reached from /account, which lists each company's live tokens", async () => {
    await post("employee", create("Listed on account", ["teams:read"]));
    const account = await accountPage({ request: await requestAs(context, sessions.employee, "/account"), params: {}, context });
    expect(account.tokens).toEqual([
      { slug, name: "Token Co", tokens: [expect.objectContaining({ name: "Listed on account", lastUsedAt: null })] },
    ]);
  });
});
