import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { MemberRole, TenantContext } from "../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { revokeApiTokenOperation } from "~/kernel/api-tokens/operations.server";
import type { expiryChoices } from "~/kernel/api-tokens/inputs";
import type { Scope } from "~/kernel/api-tokens/scopes";
import { perform } from "~/kernel/operations";
import { createTeamInput } from "~/kernel/teams/inputs";
import { createTeam } from "~/kernel/teams/teams.server";
import { apiClient, companyWith as companyOf, memberOf, tokenFor as makeToken, type CallOptions } from "~/testing/api-harness";

/**
 * The public API's first slice, through its route modules as Remix calls them, over
 * a real database: tokens from the page's own operation, requests with a Bearer header.
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

const api = (method: string, path: string, options: CallOptions = {}) => apiClient(context, null)(method, path, options);

const everyScope: Scope[] = ["company:read", "teams:read", "teams:write"];

/** A token made by the page's own operation, as its person would make it. */
const tokenFor = (tenant: TenantContext, scopes: Scope[] = everyScope, expiresIn: (typeof expiryChoices)[number] = "30") =>
  makeToken(context, tenant, scopes, expiresIn);

const companyWith = <Key extends string>(roles: Record<Key, MemberRole>) => companyOf(db, roles);

async function teamIn(owner: TenantContext, name = `Team ${Math.random()}`): Promise<string> {
  const created = await context.withTenant(owner, (tx) => createTeam(tx, name));
  if (!created.ok) throw new Error(created.message);
  return created.id;
}

const problemOf = async (response: Response) => {
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
};

describe("a personal access token", () => {
  it("is shown once with its prefix, and only its hash is stored", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { id, token } = await tokenFor(people.owner);
    expect(token).toMatch(/^hb_pat_[0-9A-Za-z]{40}$/);
    const [row] = await db.query<{ token_hash: string; whole: string }>(sql`
      select token_hash, row_to_json(t)::text as whole from api_tokens t where id = ${id}`);
    expect(row!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row!.whole).not.toContain(token.slice(12));
  });

  it("identifies its person, company, role and scopes, and records when and from where it was used", async () => {
    const { companyId, people } = await companyWith({ owner: "owner" });
    const { id, token } = await tokenFor(people.owner, ["teams:read"]);
    const response = await api("GET", "/api/v1/me", { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      person: { id: people.owner.userId },
      company: { id: companyId },
      role: "owner",
      scopes: ["teams:read"],
      token: { id },
    });
    const [used] = await db.query<{ ip: string; recent: boolean }>(sql`
      select last_used_ip as ip, last_used_at > now() - interval '1 minute' as recent from api_tokens where id = ${id}`);
    expect(used).toEqual({ ip: "192.0.2.10", recent: true });
  });

  it("is the only way in: no token, a wrong prefix, a tampered one or a session cookie get 401", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { token } = await tokenFor(people.owner);
    const session = await context.auth.accounts.createSession(people.owner.userId, { ip: null, userAgent: null });
    const tampered = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
    const cases: Record<string, Response> = {
      none: await api("GET", "/api/v1/me"),
      "wrong prefix": await api("GET", "/api/v1/me", { token: token.replace("hb_pat_", "hb_xyz_") }),
      tampered: await api("GET", "/api/v1/me", { token: tampered }),
      "session cookie": await api("GET", "/api/v1/me", { headers: { Cookie: await context.auth.cookie.serialize(session) } }),
      "session token as Bearer": await api("GET", "/api/v1/me", { token: session }),
    };
    for (const [name, response] of Object.entries(cases)) {
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="hourbook"/);
      expect(await problemOf(response)).toMatchObject({ status: 401, code: "unauthenticated", title: expect.any(String), type: expect.any(String) });
    }
    expect(cases.tampered!.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
  });

  it("stops working when it expires or is revoked", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const expiring = await tokenFor(people.owner);
    await db.query(sql`update api_tokens set created_at = now() - interval '2 days', expires_at = now() - interval '1 second' where id = ${expiring.id}`);
    expect((await api("GET", "/api/v1/me", { token: expiring.token })).status).toBe(401);

    const revoking = await tokenFor(people.owner);
    expect((await api("GET", "/api/v1/me", { token: revoking.token })).status).toBe(200);
    const revoked = await perform(revokeApiTokenOperation, { tokenId: revoking.id }, { member: memberOf(people.owner), services: context });
    expect(revoked.ok).toBe(true);
    expect((await api("GET", "/api/v1/me", { token: revoking.token })).status).toBe(401);
  });

  it("dies with its person's membership and narrows with their role, at once", async () => {
    const { companyId, people } = await companyWith({ owner: "owner", admin: "admin" });
    const admin = await tokenFor(people.admin);
    expect((await api("POST", "/api/v1/teams", { token: admin.token, body: { name: "Before demotion" } })).status).toBe(201);

    await db.query(sql`update memberships set role = 'employee' where company_id = ${companyId} and user_id = ${people.admin.userId}`);
    const demoted = await api("POST", "/api/v1/teams", { token: admin.token, body: { name: "After demotion" } });
    expect(demoted.status).toBe(403);
    expect(await problemOf(demoted)).toMatchObject({ code: "forbidden", permission: "team:manage" });
    expect((await api("GET", "/api/v1/teams", { token: admin.token })).status).toBe(200);

    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${people.admin.userId}`);
    expect((await api("GET", "/api/v1/me", { token: admin.token })).status).toBe(401);
  });

  it("never expires only when an owner asks", async () => {
    const { people } = await companyWith({ owner: "owner", admin: "admin" });
    await expect(tokenFor(people.owner, ["teams:read"], "never")).resolves.toMatchObject({ token: expect.any(String) });
    await expect(tokenFor(people.admin, ["teams:read"], "never")).rejects.toThrow("Only owners");
  });
});

describe("scopes and roles", () => {
  const endpoints = (teamId: string, userId: string): [string, string, Scope, unknown?][] => [
    ["GET", "/api/v1/company", "company:read"],
    ["GET", "/api/v1/teams", "teams:read"],
    ["GET", `/api/v1/teams/${teamId}`, "teams:read"],
    ["POST", "/api/v1/teams", "teams:write", { name: "Scoped out" }],
    ["PATCH", `/api/v1/teams/${teamId}`, "teams:write", { name: "Scoped out" }],
    ["POST", `/api/v1/teams/${teamId}/archive`, "teams:write"],
    ["POST", `/api/v1/teams/${teamId}/restore`, "teams:write"],
    ["PUT", `/api/v1/teams/${teamId}/members/${userId}`, "teams:write", { isManager: true }],
    ["DELETE", `/api/v1/teams/${teamId}/members/${userId}`, "teams:write"],
  ];

  it("refuse every endpoint with 403 naming the missing scope, and change nothing", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const teamId = await teamIn(people.owner, "Untouched");
    for (const [method, path, scope, body] of endpoints(teamId, people.owner.userId)) {
      const { token } = await tokenFor(people.owner, everyScope.filter((s) => s !== scope));
      const response = await api(method, path, { token, body });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
      expect(await problemOf(response)).toMatchObject({ code: "missing-scope", scope, detail: expect.stringContaining(scope) });
    }
    const [row] = await db.query<{ name: string; archived: boolean; members: number }>(sql`
      select name, archived_at is not null as archived, (select count(*)::int from team_members where team_id = ${teamId}) as members
        from teams where id = ${teamId}`);
    expect(row).toEqual({ name: "Untouched", archived: false, members: 0 });
  });

  it("/me needs no scope: any live token may ask who it is", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { token } = await tokenFor(people.owner, ["audit:read"]);
    expect((await api("GET", "/api/v1/me", { token })).status).toBe(200);
  });

  it("don't let an employee's token manage teams, even with teams:write", async () => {
    const { companyId, people } = await companyWith({ owner: "owner", employee: "employee" });
    const teamId = await teamIn(people.owner, "Theirs");
    const { token } = await tokenFor(people.employee);
    for (const [method, path, , body] of endpoints(teamId, people.employee.userId).filter(([, , scope]) => scope === "teams:write")) {
      const response = await api(method, path, { token, body });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
      expect(await problemOf(response)).toMatchObject({ code: "forbidden", permission: "team:manage" });
    }
    const [count] = await db.query<{ teams: number; refusals: number }>(sql`
      select (select count(*)::int from teams where company_id = ${companyId}) as teams,
             (select count(*)::int from audit_entries where company_id = ${companyId} and action = 'permission.refuse'
                and actor_kind = 'api_key') as refusals`);
    expect(count).toEqual({ teams: 1, refusals: 6 });
  });
});

describe("another company's ids", () => {
  it("answer 404 on every team endpoint, and nothing of theirs changes", async () => {
    const a = await companyWith({ owner: "owner" });
    const b = await companyWith({ owner: "owner" });
    const theirTeam = await teamIn(b.people.owner, "Bravo's");
    const { token } = await tokenFor(a.people.owner);
    const before = await db.query(sql`
      select t.name, t.archived_at, (select count(*) from team_members m where m.team_id = t.id) as members
        from teams t where t.company_id = ${b.companyId}`);
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/v1/teams/${theirTeam}`],
      ["PATCH", `/api/v1/teams/${theirTeam}`, { name: "Taken over" }],
      ["POST", `/api/v1/teams/${theirTeam}/archive`],
      ["POST", `/api/v1/teams/${theirTeam}/restore`],
      ["PUT", `/api/v1/teams/${theirTeam}/members/${b.people.owner.userId}`, {}],
      ["PUT", `/api/v1/teams/${theirTeam}/members/${a.people.owner.userId}`, { isManager: true }],
      ["DELETE", `/api/v1/teams/${theirTeam}/members/${b.people.owner.userId}`],
      ["GET", "/api/v1/teams/not-a-uuid"],
      ["PATCH", "/api/v1/teams/not-a-uuid", { name: "x" }],
      ["PUT", `/api/v1/teams/${theirTeam}/members/not-a-uuid`, {}],
      ["GET", "/api/v1/nothing-here"],
    ];
    for (const [method, path, body] of calls) {
      const response = await api(method, path, { token, body });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect(await problemOf(response)).toMatchObject({ status: 404, code: "not-found" });
    }
    const list = (await (await api("GET", "/api/v1/teams", { token })).json()) as { data: { id: string }[] };
    expect(list.data.map((t) => t.id)).not.toContain(theirTeam);
    expect(await db.query(sql`
      select t.name, t.archived_at, (select count(*) from team_members m where m.team_id = t.id) as members
        from teams t where t.company_id = ${b.companyId}`)).toEqual(before);
  });
});

describe("teams through the API", () => {
  it("are the same operations as the pages: created, renamed, archived, restored, staffed, audited as the token", async () => {
    const { companyId, people } = await companyWith({ owner: "owner", employee: "employee" });
    const { id: tokenId, token } = await tokenFor(people.owner);
    const created = await api("POST", "/api/v1/teams", { token, body: { name: "  Platform  " } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; name: string };
    expect(body).toMatchObject({ name: "Platform", archivedAt: null, members: [] });
    expect(created.headers.get("Location")).toBe(`/api/v1/teams/${body.id}`);

    expect((await api("PATCH", `/api/v1/teams/${body.id}`, { token, body: { name: "Platform team" } })).status).toBe(200);
    const put = await api("PUT", `/api/v1/teams/${body.id}/members/${people.employee.userId}`, { token, body: { isManager: true } });
    expect(await put.json()).toEqual({ teamId: body.id, userId: people.employee.userId, isManager: true });
    const archived = await api("POST", `/api/v1/teams/${body.id}/archive`, { token });
    expect(await archived.json()).toMatchObject({ archivedAt: expect.any(String), members: [{ userId: people.employee.userId, isManager: true }] });
    expect((await api("POST", `/api/v1/teams/${body.id}/restore`, { token })).status).toBe(200);
    expect((await api("DELETE", `/api/v1/teams/${body.id}/members/${people.employee.userId}`, { token })).status).toBe(204);

    const audited = await db.query<{ action: string; actor: string }>(sql`
      select action, actor_kind || ':' || actor_id as actor from audit_entries
       where company_id = ${companyId} and entity_id = ${body.id} order by seq`);
    expect(audited.map((entry) => entry.action)).toEqual(["team.create", "team.update", "team.archive", "team.restore"]);
    expect(new Set(audited.map((entry) => entry.actor))).toEqual(new Set([`api_key:${tokenId}`]));
  });

  it("answer every refusal as problem details: 400 with field errors in the pages' words, 409, 412, 415", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { token } = await tokenFor(people.owner);
    await teamIn(people.owner, "Taken");

    const unknown = await api("POST", "/api/v1/teams", { token, body: { name: "Fine", colour: "red" } });
    expect(unknown.status).toBe(400);
    expect(await problemOf(unknown)).toMatchObject({
      status: 400, code: "invalid-input", errors: [{ field: "colour", message: "Unknown field: colour" }],
    });
    const pageMessage = createTeamInput.safeParse({ name: "" }).error!.issues[0]!.message;
    const blank = await api("POST", "/api/v1/teams", { token, body: { name: " " } });
    expect(await problemOf(blank)).toMatchObject({ status: 400, errors: [{ field: "name", message: pageMessage }] });
    const wrongType = await api("PUT", `/api/v1/teams/${await teamIn(people.owner)}/members/${people.owner.userId}`, { token, body: { isManager: "yes" } });
    expect(await problemOf(wrongType)).toMatchObject({ status: 400, errors: [{ field: "isManager" }] });
    const notJson = await api("POST", "/api/v1/teams", { token, body: "{name:" });
    expect(await problemOf(notJson)).toMatchObject({ status: 400, code: "malformed-json" });
    const form = await api("POST", "/api/v1/teams", { token, body: "name=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(await problemOf(form)).toMatchObject({ status: 415, code: "unsupported-media-type" });
    const array = await api("POST", "/api/v1/teams", { token, body: [1] });
    expect(array.status).toBe(400);

    const taken = await api("POST", "/api/v1/teams", { token, body: { name: "taken" } });
    expect(await problemOf(taken)).toMatchObject({
      status: 409, code: "conflict", errors: [{ field: "name", message: "Another team already has this name" }],
    });
  });

  it("carry an ETag, and a change with a stale If-Match is refused with 412 and changes nothing", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { token } = await tokenFor(people.owner);
    const teamId = await teamIn(people.owner, "Original");
    const read = await api("GET", `/api/v1/teams/${teamId}`, { token });
    const etag = read.headers.get("ETag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await api("GET", `/api/v1/teams/${teamId}`, { token, headers: { "If-None-Match": etag } })).status).toBe(304);

    const renamed = await api("PATCH", `/api/v1/teams/${teamId}`, { token, body: { name: "Renamed" }, headers: { "If-Match": etag } });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("ETag")).not.toBe(etag);

    const stale = await api("PATCH", `/api/v1/teams/${teamId}`, { token, body: { name: "Lost update" }, headers: { "If-Match": etag } });
    expect(stale.status).toBe(412);
    expect(await problemOf(stale)).toMatchObject({ status: 412, code: "precondition-failed" });
    const staleArchive = await api("POST", `/api/v1/teams/${teamId}/archive`, { token, headers: { "If-Match": etag } });
    expect(staleArchive.status).toBe(412);
    const [row] = await db.query<{ name: string; archived: boolean }>(sql`select name, archived_at is not null as archived from teams where id = ${teamId}`);
    expect(row).toEqual({ name: "Renamed", archived: false });
    expect((await api("PATCH", `/api/v1/teams/${teamId}`, { token, body: { name: "Any" }, headers: { "If-Match": "*" } })).status).toBe(200);
  });

  it("page through many teams with inserts between pages: no duplicates, no gaps", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { token } = await tokenFor(people.owner, ["teams:read"]);
    const existing = new Set<string>();
    for (let i = 0; i < 130; i++) existing.add(await teamIn(people.owner, `Team ${String(i).padStart(3, "0")}`));

    const seen: string[] = [];
    let next: string | null = "/api/v1/teams?limit=25";
    let pages = 0;
    while (next) {
      const response = await api("GET", next, { token });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { data: { id: string }[]; nextCursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(25);
      seen.push(...page.data.map((t) => t.id));
      const link = response.headers.get("Link");
      next = link ? link.match(/^<([^>]+)>; rel="next"$/)![1]! : null;
      expect(Boolean(next)).toBe(page.nextCursor !== null);
      // Someone adds teams while the client pages.
      if (pages++ < 3) await teamIn(people.owner, `Added ${pages}`);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => existing.has(id)).length).toBe(existing.size);
    expect(seen.length).toBe(existing.size + 3);
  });

  it("refuse a limit out of range and a cursor they never gave out with 400", async () => {
    const { people } = await companyWith({ owner: "owner" });
    const { token } = await tokenFor(people.owner);
    for (const query of ["limit=0", "limit=201", "limit=ten", "cursor=bm9uc2Vuc2U", "cursor=%%%"]) {
      const response = await api("GET", `/api/v1/teams?${query}`, { token });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(await problemOf(response)).toMatchObject({ code: "invalid-input", errors: [{ field: query.split("=")[0] }] });
    }
  });
});

describe("a read-only company", () => {
  it("answers its token's writes with 423 and still serves its reads", async () => {
    const { companyId, people } = await companyWith({ owner: "owner" });
    const teamId = await teamIn(people.owner, "Frozen");
    const { token } = await tokenFor(people.owner);
    await db.query(sql`
      insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
      values (${companyId}, 'business', 'canceled', 2, ${`cus_api${Date.now()}`}, ${`sub_api${Date.now()}`})`);
    const writes: [string, string, unknown?][] = [
      ["POST", "/api/v1/teams", { name: "New" }],
      ["PATCH", `/api/v1/teams/${teamId}`, { name: "Thawed" }],
      ["POST", `/api/v1/teams/${teamId}/archive`],
      ["PUT", `/api/v1/teams/${teamId}/members/${people.owner.userId}`, {}],
      ["DELETE", `/api/v1/teams/${teamId}/members/${people.owner.userId}`],
    ];
    for (const [method, path, body] of writes) {
      const response = await api(method, path, { token, body });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 423 });
      expect(await problemOf(response)).toMatchObject({ code: "read-only", detail: expect.stringContaining("canceled") });
    }
    expect((await api("GET", `/api/v1/teams/${teamId}`, { token })).status).toBe(200);
    expect((await api("GET", "/api/v1/teams", { token })).status).toBe(200);
    const [row] = await db.query<{ name: string; members: number }>(sql`
      select name, (select count(*)::int from team_members where team_id = ${teamId}) as members from teams where id = ${teamId}`);
    expect(row).toEqual({ name: "Frozen", members: 0 });
  });
});
