import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, problemOf, tokenFor } from "~/testing/api-harness";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import type { TenantContext } from "../../db/tenant";
import { action as login } from "./login";
import { action as secondStep, loader as secondStepPage } from "./login_.two-factor";
import { loader as timePage } from "./c.$company.time._index";
import { action as securityAction, loader as securityPage } from "./c.$company.security";

/**
 * The second step of signing in and the company's requirement, through the routes:
 * the password alone opens nothing, a wrong code says nothing about the password,
 * the step is rate-limited like the first, and a company that requires two-factor
 * sends its members to set it up (pages) or refuses their tokens (API). Another
 * company's requirement can be neither read nor changed.
 */
let db: TestDatabase;
let app: TestApp;
const password = "plum-orbit-kettle";

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

// Each test its own client address, so no two tests count each other's attempts on a shared Redis.
const freshContext = (): AppLoadContext =>
  app.context({ clientIp: `2001:db8::${randomBytes(8).toString("hex").match(/.{4}/g)!.join(":")}` });

let people = 0;
async function signUp(context: AppLoadContext) {
  people += 1;
  const email = `second-step-${people}-${Date.now()}@example.test`;
  const result = await context.auth.accounts.signUp({ name: `Person ${people}`, email, password, companyName: `Second Step ${people}` });
  if (!result.ok) throw new Error("sign-up");
  const [company] = await db.query<{ id: string }>(sql`select id from companies where slug = ${result.companySlug}`);
  const owner: TenantContext = { companyId: company!.id, userId: result.user.id, role: "owner" };
  return { email, slug: result.companySlug, owner };
}

async function turnOnTwoFactor(context: AppLoadContext, user: { id: string; email: string }) {
  const started = await context.auth.accounts.startTwoFactorSetup(user);
  if (!started.ok) throw new Error("setup");
  const secret = Secret.fromBase32(started.setup.secret);
  // Confirmed a minute ago, so the current step is still unused for the sign-in.
  const earlier = Date.now() - 60_000;
  const confirmed = await context.auth.accounts.confirmTwoFactorSetup(
    { userId: user.id, code: new TOTP({ secret }).generate({ timestamp: earlier }) },
    earlier,
  );
  if (!confirmed.ok) throw new Error("confirm");
  return { code: () => new TOTP({ secret }).generate(), recoveryCodes: confirmed.recoveryCodes };
}

function form(path: string, fields: Record<string, string>, cookie?: string) {
  return new Request(`http://hourbook.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

async function outcomeOf(run: () => Promise<unknown>) {
  const outcome = await run().catch((thrown: unknown) => thrown);
  const headers = outcome instanceof Response ? outcome.headers : new Headers((outcome as { init?: ResponseInit | null } | null)?.init?.headers);
  return {
    status: statusOf(outcome) ?? 200,
    location: headers.get("Location"),
    cookies: headers.getSetCookie(),
    retryAfter: headers.get("Retry-After"),
    body: JSON.stringify((outcome as { data?: unknown } | null)?.data ?? null),
  };
}

/** Sign in with the password; returns the challenge cookie the second step needs. */
async function passwordStep(context: AppLoadContext, email: string) {
  const first = await outcomeOf(() => login({ request: form("/login", { email, password, redirectTo: "/account" }), params: {}, context }));
  expect(first.status).toBe(302);
  expect(first.location).toBe("/login/two-factor");
  // No session cookie yet: only the challenge.
  expect(first.cookies.some((cookie) => cookie.startsWith("hourbook_session="))).toBe(false);
  const challenge = first.cookies.find((cookie) => cookie.startsWith("hourbook_sign_in="))!;
  return challenge.split(";")[0]!;
}

describe("signing in with two-factor on", () => {
  it("asks for a code after the password, then starts the session and sends on to where the person was going", async () => {
    const context = freshContext();
    const { email, owner } = await signUp(context);
    const { code } = await turnOnTwoFactor(context, { id: owner.userId, email });
    const challenge = await passwordStep(context, email);
    expect(await outcomeOf(() => secondStepPage({ request: new Request("http://hourbook.test/login/two-factor", { headers: { Cookie: challenge } }), params: {}, context }))).toMatchObject({ status: 200 });

    const done = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: code() }, challenge), params: {}, context }));
    expect(done.status).toBe(302);
    expect(done.location).toBe("/account");
    expect(done.cookies.some((cookie) => cookie.startsWith("hourbook_session="))).toBe(true);
    // The challenge is spent: replaying the cookie leads back to the password.
    const replay = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: code() }, challenge), params: {}, context }));
    expect(replay.location).toBe("/login?expired=two-factor");
  });

  it("answers a wrong code the same whatever the password was, records it, and lets a recovery code in once", async () => {
    const context = freshContext();
    const { email, owner } = await signUp(context);
    const { recoveryCodes } = await turnOnTwoFactor(context, { id: owner.userId, email });
    const challenge = await passwordStep(context, email);
    const wrong = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: "000000" }, challenge), params: {}, context }));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain("That code didn't work");
    expect(wrong.body).not.toMatch(/password/i);
    const [failed] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from account_events where user_id = ${owner.userId} and action = 'session.second_factor_failed'`);
    expect(failed!.count).toBe(1);

    const recovered = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: recoveryCodes[0]! }, challenge), params: {}, context }));
    expect(recovered.status).toBe(302);
    const again = await passwordStep(context, email);
    const reused = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: recoveryCodes[0]! }, again), params: {}, context }));
    expect(reused.status).toBe(400);
  });

  it("allows five wrong codes, then refuses the sixth, right or not, with 429 and Retry-After", async () => {
    const context = freshContext();
    const { email, owner } = await signUp(context);
    const { code } = await turnOnTwoFactor(context, { id: owner.userId, email });
    const challenge = await passwordStep(context, email);
    for (let n = 1; n <= 5; n++) {
      const wrong = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: "000000" }, challenge), params: {}, context }));
      expect(wrong.status, `attempt ${n}`).toBe(400);
    }
    const sixth = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: code() }, challenge), params: {}, context }));
    expect(sixth.status).toBe(429);
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0);
  });

  it("refuses the second step without a challenge, and validates the code field", async () => {
    const context = freshContext();
    const none = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: "123456" }), params: {}, context }));
    expect(none.location).toBe("/login?expired=two-factor");
    const { email, owner } = await signUp(context);
    await turnOnTwoFactor(context, { id: owner.userId, email });
    const challenge = await passwordStep(context, email);
    const junk = await outcomeOf(() => secondStep({ request: form("/login/two-factor", { code: "<script>" }, challenge), params: {}, context }));
    expect(junk.status).toBe(400);
    expect(junk.body).toContain("Codes have only letters, digits and dashes");
  });

  it("signs in people without two-factor at once, as before", async () => {
    const context = freshContext();
    const { email } = await signUp(context);
    const first = await outcomeOf(() => login({ request: form("/login", { email, password }), params: {}, context }));
    expect(first.status).toBe(302);
    expect(first.location).toBe("/");
    expect(first.cookies.some((cookie) => cookie.startsWith("hourbook_session="))).toBe(true);
  });
});

describe("a company requiring two-factor", () => {
  it("sends a member without it to set it up from any company page, and lets them in once they have", async () => {
    const context = freshContext();
    const { email, slug, owner } = await signUp(context);
    const session = await context.auth.accounts.createSession(owner.userId, { ip: null, userAgent: null });
    const save = await outcomeOf(async () =>
      securityAction({ request: await requestAs(context, session, `/c/${slug}/security`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ intent: "two-factor", requireTwoFactor: "on" }) }), params: { company: slug }, context }),
    );
    expect(save.status).toBe(302);

    const page = async () => outcomeOf(async () => timePage({ request: await requestAs(context, session, `/c/${slug}/time`), params: { company: slug }, context }));
    const sent = await page();
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`/account/two-factor?required=${slug}`);

    await turnOnTwoFactor(context, { id: owner.userId, email });
    expect((await page()).status).toBe(200);
  });

  it("stops the API tokens of a member without it with a 403 that says why, until they set it up", async () => {
    const context = freshContext();
    const { email, owner } = await signUp(context);
    const { token } = await tokenFor(context, owner, ["teams:read"]);
    const api = apiClient(context, token);
    expect((await api("GET", "/api/v1/teams")).status).toBe(200);

    await context.withTenant(owner, (tx) => tx.query(sql`update companies set require_two_factor = true where id = ${owner.companyId}`));
    const refused = await api("GET", "/api/v1/teams");
    expect(refused.status).toBe(403);
    expect(await problemOf(refused)).toMatchObject({ code: "two-factor-required", detail: expect.stringContaining("requires two-factor") });

    await turnOnTwoFactor(context, { id: owner.userId, email });
    expect((await api("GET", "/api/v1/teams")).status).toBe(200);
  });

  it("can't be read or changed from another company: its slug answers 404 to a member of the other", async () => {
    const context = freshContext();
    const alpha = await signUp(context);
    const bravo = await signUp(context);
    const session = await context.auth.accounts.createSession(alpha.owner.userId, { ip: null, userAgent: null });
    const read = await outcomeOf(async () => securityPage({ request: await requestAs(context, session, `/c/${bravo.slug}/security`), params: { company: bravo.slug }, context }));
    expect(read.status).toBe(404);
    const write = await outcomeOf(async () =>
      securityAction({ request: await requestAs(context, session, `/c/${bravo.slug}/security`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ intent: "two-factor", requireTwoFactor: "on" }) }), params: { company: bravo.slug }, context }),
    );
    expect(write.status).toBe(404);
    const [bravoCompany] = await db.query<{ require_two_factor: boolean }>(sql`select require_two_factor from companies where slug = ${bravo.slug}`);
    expect(bravoCompany!.require_two_factor).toBe(false);
  });
});
