import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { action as teamAction } from "~/routes/c.$company.teams.$teamId";
import { action as teamsAction } from "~/routes/c.$company.teams._index";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { takeFlash } from "./flash.server";

/**
 * The one action protocol, seen from the browser's side through the teams pages: a
 * bad form, a refusal and a success each answer the same way on every page.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let slug = "";
let tokens: Record<"owner" | "admin" | "employee", string>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const companyId = await createCompany(db, "Protocol Ltd");
  slug = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`))[0]!.slug;
  ({ tokens } = await createSignedInMembers(db, context, companyId, { owner: "owner", admin: "admin", employee: "employee" }));
});

afterAll(async () => {
  await app.close();
  await db.close();
});

async function post(action: typeof teamsAction, path: string, token: string, body: Record<string, string>, params: Record<string, string> = {}) {
  const request = await requestAs(context, token, path, { method: "POST", body: new URLSearchParams(body) });
  try {
    return await action({ request, params: { company: slug, ...params }, context });
  } catch (thrown) {
    return thrown;
  }
}

const replyOf = (outcome: unknown) =>
  (outcome as { data: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> } }).data;

describe("a company page's action", () => {
  it("redirects after a change, and the next page shows the confirmation once", async () => {
    const outcome = await post(teamsAction, `/c/${slug}/teams`, tokens.admin, { name: "Delivery" });
    expect(outcome).toBeInstanceOf(Response);
    const response = outcome as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^/c/${slug}/teams/[0-9a-f-]{36}$`));

    const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
    const next = new Request(`http://hourbook.test${response.headers.get("Location")}`, { headers: { Cookie: cookie } });
    const { flash, headers } = await takeFlash(next, context);
    expect(flash?.message).toBe("Team created.");
    // Read once: the answer clears the cookie, so a reload doesn't say it again.
    expect(new Headers(headers).get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });

  it("answers a refused change with 409 and the message on its field, keeping what was typed", async () => {
    const outcome = await post(teamsAction, `/c/${slug}/teams`, tokens.admin, { name: "Delivery" });
    expect(statusOf(outcome)).toBe(409);
    expect(replyOf(outcome).error).toEqual({ name: ["Another team already has this name"] });
    expect(replyOf(outcome).initialValue).toMatchObject({ name: "Delivery" });
  });

  it("answers an invalid form with 400 and the schema's message on the field", async () => {
    const outcome = await post(teamsAction, `/c/${slug}/teams`, tokens.admin, { name: "" });
    expect(statusOf(outcome)).toBe(400);
    expect(Object.keys(replyOf(outcome).error ?? {})).toEqual(["name"]);
  });

  it("answers 403 to a role without the operation's permission, and changes nothing", async () => {
    expect(statusOf(await post(teamsAction, `/c/${slug}/teams`, tokens.employee, { name: "Planted" }))).toBe(403);
    const teams = await db.query(sql`select 1 from teams where name = 'Planted'`);
    expect(teams).toHaveLength(0);
  });

  it("answers 400 to an intent the page doesn't have, and 404 to an id in the URL that isn't one", async () => {
    const [team] = await db.query<{ id: string }>(sql`select id from teams where name = 'Delivery'`);
    const path = `/c/${slug}/teams/${team!.id}`;
    expect(statusOf(await post(teamAction, path, tokens.admin, { intent: "explode" }, { teamId: team!.id }))).toBe(400);
    expect(statusOf(await post(teamAction, path, tokens.admin, { intent: "archive" }, { teamId: "not-a-uuid" }))).toBe(404);
    expect(statusOf(await post(teamAction, path, tokens.admin, { intent: "archive" }, { teamId: crypto.randomUUID() }))).toBe(404);
  });
});
