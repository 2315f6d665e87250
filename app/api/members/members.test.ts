import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { MemberRole, TenantContext } from "../../../db/tenant";
import { createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import type { Scope } from "~/kernel/api-tokens/scopes";
import { action as invitationsPage, loader as invitationsPageData } from "~/routes/c.$company.invitations";
import { action as membersPage } from "~/routes/c.$company.members";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { requestAs, statusOf } from "~/testing/context";
import { apiClient, companyWith, problemOf, tokenFor, type CallOptions } from "~/testing/api-harness";

/**
 * Members and invitations over the API: the members and invitations pages' own
 * operations, so the same rules, messages, emails and audit entries, and a token
 * that can never do more than its person's role of this moment.
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

const api = (method: string, path: string, options: CallOptions) => apiClient(context, null)(method, path, options);
const membersScopes: Scope[] = ["members:read", "members:write"];
const tokenOf = async (tenant: TenantContext, scopes = membersScopes) => (await tokenFor(context, tenant, scopes)).token;

/** Free plan (3 seats) unless it gets a subscription: billing is configured. */
async function onBusinessPlan(companyId: string) {
  await db.query(sql`
    insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
    values (${companyId}, 'business', 'active', 10, ${`cus_m${crypto.randomUUID().replaceAll("-", "")}`}, null)`);
}

async function membership(companyId: string, userId: string) {
  const [row] = await db.query<{ role: MemberRole; status: string }>(sql`
    select role, status from memberships where company_id = ${companyId} and user_id = ${userId}`);
  return row;
}

/** What a page's action refused with: its status and the form's errors. */
async function pageRefusal(page: typeof membersPage, companyId: string, person: TenantContext, form: Record<string, string>, path: string) {
  const [company] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  const session = await context.auth.accounts.createSession(person.userId, { ip: null, userAgent: null });
  const request = await requestAs(context, session, `/c/${company!.slug}/${path}`, { method: "POST", body: new URLSearchParams(form) });
  const outcome: unknown = await page({ request, params: { company: company!.slug }, context }).catch((thrown: unknown) => thrown);
  return { status: statusOf(outcome), errors: (outcome as { data?: { error?: Record<string, string[]> } }).data?.error };
}

describe("members through the API", () => {
  it("change role, deactivate and reactivate through the page's operations, audited as the token", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", worker: "employee" });
    const { id: tokenId, token } = await tokenFor(context, people.owner, membersScopes);
    const path = `/api/v1/members/${people.worker.userId}`;

    const read = await api("GET", path, { token });
    expect(await read.json()).toMatchObject({ userId: people.worker.userId, role: "employee", status: "active", teams: [] });
    const promoted = await api("PATCH", path, { token, body: { role: "manager" }, headers: { "If-Match": read.headers.get("ETag")! } });
    expect(await promoted.json()).toMatchObject({ role: "manager", status: "active" });
    expect(promoted.headers.get("ETag")).not.toBe(read.headers.get("ETag"));
    expect(await (await api("POST", `${path}/deactivate`, { token })).json()).toMatchObject({ status: "deactivated" });
    expect(await (await api("POST", `${path}/reactivate`, { token })).json()).toMatchObject({ status: "active" });

    const audited = await db.query<{ action: string; actor: string }>(sql`
      select action, actor_kind || ':' || actor_id as actor from audit_entries
       where company_id = ${companyId} and entity_type = 'member' and entity_id = ${people.worker.userId}
         and action <> 'member.create'
       order by seq`);
    expect(audited).toEqual(
      ["member.role_change", "member.deactivate", "member.reactivate"].map((action) => ({ action, actor: `api_key:${tokenId}` })),
    );
  });

  it("narrow a demoted person's token at once, and end a deactivated person's", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", admin: "admin", other: "employee" });
    const owners = await tokenOf(people.owner);
    const admins = await tokenOf(people.admin);
    expect((await api("PATCH", `/api/v1/members/${people.other.userId}`, { token: admins, body: { role: "finance" } })).status).toBe(200);

    await api("PATCH", `/api/v1/members/${people.admin.userId}`, { token: owners, body: { role: "manager" } });
    const asManager = await api("PATCH", `/api/v1/members/${people.other.userId}`, { token: admins, body: { role: "employee" } });
    expect(await problemOf(asManager)).toMatchObject({ status: 403, code: "forbidden", permission: "member:manage" });
    expect((await api("GET", "/api/v1/members", { token: admins })).status).toBe(200);

    await api("PATCH", `/api/v1/members/${people.admin.userId}`, { token: owners, body: { role: "employee" } });
    expect(await problemOf(await api("GET", "/api/v1/members", { token: admins }))).toMatchObject({ status: 403, permission: "member:view" });

    await api("POST", `/api/v1/members/${people.admin.userId}/deactivate`, { token: owners });
    expect((await api("GET", "/api/v1/me", { token: admins })).status).toBe(401);
    expect(await membership(companyId, people.other.userId)).toEqual({ role: "finance", status: "active" });
  });

  it("don't let a manager's or an employee's token change anyone, whatever its scopes", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", manager: "manager", employee: "employee" });
    for (const person of [people.manager, people.employee]) {
      const token = await tokenOf(person);
      const calls: [string, string, unknown?][] = [
        ["PATCH", `/api/v1/members/${people.employee.userId}`, { role: "admin" }],
        ["PATCH", `/api/v1/members/${person.userId}`, { role: "admin" }],
        ["POST", `/api/v1/members/${people.owner.userId}/deactivate`],
        ["POST", `/api/v1/members/${people.employee.userId}/reactivate`],
        ["POST", "/api/v1/invitations", { email: "friend@example.test", role: "admin" }],
      ];
      for (const [method, path, body] of calls) {
        const response = await api(method, path, { token, body });
        expect({ role: person.role, path, status: response.status }).toEqual({ role: person.role, path, status: 403 });
      }
    }
    // Managers see the list, as on the members page; employees don't.
    expect((await api("GET", "/api/v1/members", { token: await tokenOf(people.manager) })).status).toBe(200);
    expect((await api("GET", "/api/v1/members", { token: await tokenOf(people.employee) })).status).toBe(403);
    const rows = await db.query(sql`select user_id, role, status from memberships where company_id = ${companyId} order by role`);
    expect(rows.map((row) => row.role)).toEqual(["employee", "manager", "owner"]);
    expect(rows.every((row) => row.status === "active")).toBe(true);
    expect(await db.query(sql`select 1 from invitations where company_id = ${companyId}`)).toEqual([]);
  });

  it("keep the members page's rules, answering 422 with the page's own message and changing nothing", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", admin: "admin" });
    const admins = await tokenOf(people.admin);
    const owners = await tokenOf(people.owner);

    const onPage = await pageRefusal(membersPage, companyId, people.admin, { intent: "change-role", userId: people.owner.userId, role: "employee" }, "members");
    const overApi = await api("PATCH", `/api/v1/members/${people.owner.userId}`, { token: admins, body: { role: "employee" } });
    expect(onPage.status).toBe(422);
    expect(await problemOf(overApi)).toMatchObject({ status: 422, code: "rule-broken", detail: onPage.errors![""]![0] });

    const refusals: [string, string, string, unknown?][] = [
      [admins, `/api/v1/members/${people.owner.userId}/deactivate`, "Only an owner can deactivate another owner."],
      [admins, `/api/v1/members/${people.admin.userId}/deactivate`, "You can't deactivate yourself."],
      [owners, `/api/v1/members/${people.owner.userId}`, "A company needs at least one active owner. Transfer ownership to someone else first.", { role: "admin" }],
    ];
    for (const [token, path, detail, body] of refusals) {
      const response = await api(body ? "PATCH" : "POST", path, { token, body });
      expect(await problemOf(response)).toMatchObject({ status: 422, detail });
    }
    // Ownership moves only on the members page.
    const transfer = await api("PATCH", `/api/v1/members/${people.admin.userId}`, { token: owners, body: { role: "owner" } });
    expect(await problemOf(transfer)).toMatchObject({ status: 400, errors: [{ field: "role" }] });

    expect(await membership(companyId, people.owner.userId)).toEqual({ role: "owner", status: "active" });
    expect(await membership(companyId, people.admin.userId)).toEqual({ role: "admin", status: "active" });
  });

  it("take a seat to reactivate someone, refused with 409 and the page's message when the plan has none", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", a: "employee", b: "employee" });
    const token = await tokenOf(people.owner);
    await api("POST", `/api/v1/members/${people.a.userId}/deactivate`, { token });
    await api("POST", "/api/v1/invitations", { token, body: { email: `seat-${crypto.randomUUID()}@example.test`, role: "employee" } });

    const full = await api("POST", `/api/v1/members/${people.a.userId}/reactivate`, { token });
    expect(await problemOf(full)).toMatchObject({ status: 409, code: "conflict", detail: expect.stringMatching(/^The Free plan allows 3 members/) });
    expect(await membership(companyId, people.a.userId)).toEqual({ role: "employee", status: "deactivated" });
  });

  it("list in the order people joined, by role and status, through pages that gain members, and nobody else's", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner" });
    const others = await companyWith(db, { owner: "owner" });
    const joined = [people.owner.userId];
    for (const role of ["employee", "manager", "employee", "finance", "employee", "admin"] as const) {
      joined.push((await createMember(db, companyId, role)).userId);
    }
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${joined[3]!}`);
    const token = await tokenOf(people.owner, ["members:read"]);

    const seen: string[] = [];
    let next: string | null = "/api/v1/members?limit=2";
    while (next) {
      const response: Response = await api("GET", next, { token });
      const page = (await response.json()) as { data: { userId: string }[] };
      seen.push(...page.data.map((member) => member.userId));
      next = response.headers.get("Link")?.match(/^<([^>]+)>/)?.[1] ?? null;
      // Someone joins while the client pages: they come last, once.
      if (seen.length === 2) joined.push((await createMember(db, companyId, "employee")).userId);
    }
    expect(seen).toEqual(joined);

    const userIds = async (query: string) =>
      ((await (await api("GET", `/api/v1/members?${query}`, { token })).json()) as { data: { userId: string }[] }).data.map((m) => m.userId);
    expect(await userIds("role=employee&status=active")).toEqual([joined[1]!, joined[5]!, joined[7]!]);
    expect(await userIds("status=deactivated")).toEqual([joined[3]!]);
    expect(await userIds("role=owner")).toEqual([people.owner.userId]);

    const writer = await tokenOf(people.owner);
    const theirs = others.people.owner.userId;
    for (const [method, path, body] of [
      ["GET", `/api/v1/members/${theirs}`],
      ["PATCH", `/api/v1/members/${theirs}`, { role: "employee" }],
      ["POST", `/api/v1/members/${theirs}/deactivate`],
    ] as const) {
      expect((await api(method, path, { token: writer, body })).status).toBe(404);
    }
    expect(await membership(others.companyId, theirs)).toEqual({ role: "owner", status: "active" });
  });
});

describe("invitations through the API", () => {
  const outbox = (companyId: string) =>
    db.query<{ payload: { to: string; template: string; props: Record<string, unknown> } }>(sql`
      select payload from outbox where company_id = ${companyId} and payload->>'template' = 'invitation' order by created_at`);

  it("send the same email as the invitations page, and each door lists what the other made", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner" });
    await onBusinessPlan(companyId);
    const { id: tokenId, token } = await tokenFor(context, people.owner, membersScopes);
    const [team] = await db.query<{ id: string }>(sql`insert into teams (company_id, name) values (${companyId}, 'Field') returning id`);

    const onPage = await pageRefusal(invitationsPage, companyId, people.owner, { intent: "invite", email: "page@example.test", role: "finance", teamIds: team!.id }, "invitations");
    expect(onPage.errors).toBeUndefined();
    const created = await api("POST", "/api/v1/invitations", { token, body: { email: "api@example.test", role: "finance", teamIds: [team!.id] } });
    expect(created.status).toBe(201);
    const invitation = (await created.json()) as { id: string };
    expect(invitation).toMatchObject({ email: "api@example.test", role: "finance", invitedBy: { userId: people.owner.userId }, expired: false, teams: [{ id: team!.id, name: "Field" }] });
    expect(created.headers.get("Location")).toBe(`/api/v1/invitations/${invitation.id}`);

    const [fromPage, fromApi] = await outbox(companyId);
    const { token: pageLink, ...pageProps } = fromPage!.payload.props;
    const { token: apiLink, ...apiProps } = fromApi!.payload.props;
    expect(fromApi!.payload.to).toBe("api@example.test");
    expect({ ...apiProps, expiresAt: undefined }).toEqual({ ...pageProps, expiresAt: undefined });
    expect(apiLink).toEqual(expect.any(String));
    expect(apiLink).not.toBe(pageLink);
    expect(await context.auth.accounts.findInvitation(apiLink as string)).toMatchObject({ state: "open", email: "api@example.test", role: "finance" });

    const listed = (await (await api("GET", "/api/v1/invitations", { token })).json()) as { data: { email: string }[] };
    expect(listed.data.map((i) => i.email)).toEqual(["page@example.test", "api@example.test"]);
    const [company] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
    const session = await context.auth.accounts.createSession(people.owner.userId, { ip: null, userAgent: null });
    const page = await invitationsPageData({ request: await requestAs(context, session, `/c/${company!.slug}/invitations`), params: { company: company!.slug }, context });
    expect(page.invitations.map((i) => i.email).sort()).toEqual(["api@example.test", "page@example.test"]);

    const [audited] = await db.query<{ actor: string }>(sql`
      select actor_kind || ':' || actor_id as actor from audit_entries
       where company_id = ${companyId} and entity_type = 'invitation' and entity_id = ${invitation.id}`);
    expect(audited).toEqual({ actor: `api_key:${tokenId}` });
  });

  it("resend with a new link that replaces the old one, and revoke so that no link works", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner" });
    const token = await tokenOf(people.owner);
    const created = await api("POST", "/api/v1/invitations", { token, body: { email: "twice@example.test", role: "employee" } });
    const { id } = (await created.json()) as { id: string };

    const resent = await api("POST", `/api/v1/invitations/${id}/resend`, { token, headers: { "If-Match": created.headers.get("ETag")! } });
    expect(resent.status).toBe(200);
    const [first, second] = (await outbox(companyId)).map((row) => row.payload.props.token as string);
    expect(second).toBeDefined();
    expect(await context.auth.accounts.findInvitation(first!)).not.toMatchObject({ state: "open" });
    expect(await context.auth.accounts.findInvitation(second!)).toMatchObject({ state: "open" });

    expect((await api("DELETE", `/api/v1/invitations/${id}`, { token, headers: { "If-Match": resent.headers.get("ETag")! } })).status).toBe(204);
    expect(await context.auth.accounts.findInvitation(second!)).not.toMatchObject({ state: "open" });
    expect((await api("GET", `/api/v1/invitations/${id}`, { token })).status).toBe(404);
    expect((await api("POST", `/api/v1/invitations/${id}/resend`, { token })).status).toBe(404);
    expect(await (await api("GET", "/api/v1/invitations", { token })).json()).toEqual({ data: [], nextCursor: null });
    expect(await outbox(companyId)).toHaveLength(2);
  });

  it("refuse what the page refuses with its message, and then neither store nor send anything", async () => {
    const { companyId, people } = await companyWith(db, { owner: "owner", member: "employee" });
    const token = await tokenOf(people.owner);
    const [member] = await db.query<{ email: string }>(sql`select email from users where id = ${people.member.userId}`);
    const invite = (email: string, teamIds: string[] = []) => api("POST", "/api/v1/invitations", { token, body: { email, role: "employee", teamIds } });

    expect(await problemOf(await invite(member!.email))).toMatchObject({
      status: 409, errors: [{ field: "email", message: "This person is already a member" }],
    });
    expect(await problemOf(await invite("gone-team@example.test", [crypto.randomUUID()]))).toMatchObject({
      status: 409, errors: [{ field: "teamIds" }],
    });
    expect((await invite("third@example.test")).status).toBe(201);
    expect(await problemOf(await invite("fourth@example.test"))).toMatchObject({
      status: 409, errors: [{ field: "email", message: expect.stringMatching(/^The Free plan allows 3 members/) }],
    });
    expect(await problemOf(await invite("Not an address"))).toMatchObject({
      status: 400, errors: [{ field: "email", message: "Enter an email address like name@company.com" }],
    });
    const stored = await db.query<{ email: string }>(sql`select email from invitations where company_id = ${companyId}`);
    expect(stored).toEqual([{ email: "third@example.test" }]);
    expect((await outbox(companyId)).map((row) => row.payload.to)).toEqual(["third@example.test"]);
  });
});
