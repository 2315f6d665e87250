import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifier, sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { latestAccountEmail, linkPath } from "~/testing/account-mail";
import { createTestApp, statusOf, type TestApp } from "~/testing/context";
import { action as confirmAction, loader as confirmPage } from "./signup_.confirm.$token";
import { action as signUpAction } from "./signup";

/**
 * The sign-up page answers the same for every address (the security probe found
 * it said "exists already"); the email tells the address's owner which case it is.
 */
const attemptsPerEmail = 3;
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db, { RATE_LIMIT_ATTEMPTS: String(attemptsPerEmail) });
  context = app.context();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const password = "plum-orbit-kettle";
let counter = 0;
const uniqueEmail = () => `signup${++counter}-${Date.now()}@example.test`;
// A fresh client address per request: the per-IP limit is shared, in Redis, with every test run.
const someIp = () => `10.${Array.from(crypto.getRandomValues(new Uint8Array(3))).join(".")}`;

function postSignUp(fields: Record<string, string>, clientIp = someIp()) {
  const request = new Request("http://hourbook.test/signup", { method: "POST", body: new URLSearchParams(fields) });
  return signUpAction({ request, params: {}, context: { ...context, clientIp } });
}

const form = (email: string) => ({ name: "Nia New", email, password, companyName: "Probe Co" });

/** What the browser can observe of an answer: status, where it goes, whether it signs in, and its body. */
async function observable(outcome: unknown) {
  if (!(outcome instanceof Response)) throw new Error(`expected a redirect, got ${JSON.stringify(outcome)}`);
  return {
    status: outcome.status,
    location: outcome.headers.get("Location"),
    setCookie: outcome.headers.get("Set-Cookie"),
    body: await outcome.text(),
  };
}

async function counts() {
  const tables = ["users", "companies", "memberships"] as const;
  const rows = await Promise.all(tables.map((t) => db.query<{ n: number }>(sql`select count(*)::int as n from ${identifier(t)}`)));
  return rows.map(([row]) => row!.n);
}

function postConfirm(path: string) {
  const token = path.split("/").at(-1)!;
  const request = new Request(`http://hourbook.test${path}`, { method: "POST", body: new URLSearchParams() });
  return confirmAction({ request, params: { token }, context });
}

function openConfirm(path: string) {
  const token = path.split("/").at(-1)!;
  return confirmPage({ request: new Request(`http://hourbook.test${path}`), params: { token }, context });
}

describe("the sign-up form", () => {
  it("answers a new and a taken address alike: a redirect to 'check your email', signed out, no body", async () => {
    const taken = uniqueEmail();
    await context.auth.accounts.signUp({ name: "Erin Existing", email: taken, password, companyName: "Existing Co" });

    const fresh = await observable(await postSignUp(form(uniqueEmail())));
    const existing = await observable(await postSignUp(form(taken)));
    expect(fresh).toEqual({ status: 302, location: "/signup/sent", setCookie: null, body: "" });
    expect(existing).toEqual(fresh);
  });

  it("emails a new address a link that creates the company and signs in, once", async () => {
    const email = uniqueEmail();
    const before = await counts();
    await postSignUp(form(email));
    expect(await counts()).toEqual(before);

    const mail = await latestAccountEmail(db, email);
    expect(mail?.template).toBe("sign-up-confirmation");
    const path = linkPath(mail, "/signup/confirm/");
    expect(path).toMatch(/^\/signup\/confirm\/[\w-]{43}$/);

    // Opening the link (as a mail scanner would) creates nothing.
    expect(await openConfirm(path!)).toEqual({
      signUp: { state: "valid", details: { name: "Nia New", email, companyName: "Probe Co" } },
    });
    expect(await counts()).toEqual(before);

    const confirmed = await postConfirm(path!);
    expect(confirmed).toBeInstanceOf(Response);
    const response = confirmed as Response;
    expect(response.status).toBe(302);
    const slug = /^\/c\/([a-z0-9-]+)$/.exec(response.headers.get("Location") ?? "")?.[1];
    expect(slug).toMatch(/^probe-co/);
    const token: unknown = await context.auth.cookie.parse(response.headers.get("Set-Cookie"));
    const session = await context.auth.accounts.readSession(String(token));
    expect(session?.user).toMatchObject({ name: "Nia New", email });
    expect(await context.auth.accounts.findMembership(session!.user.id, slug!)).toMatchObject({ role: "owner", name: "Probe Co" });

    // The link is spent.
    expect(await openConfirm(path!)).toEqual({ signUp: { state: "used" } });
    expect(await postConfirm(path!)).toEqual({ failure: "used" });
  });

  it("refuses an expired link with a way to sign up again, creating nothing", async () => {
    const email = uniqueEmail();
    await postSignUp(form(email));
    const path = linkPath(await latestAccountEmail(db, email), "/signup/confirm/")!;
    await db.query(sql`update signup_requests set expires_at = now() - interval '1 second' where email = ${email}`);
    const before = await counts();
    expect(await openConfirm(path)).toEqual({ signUp: { state: "expired" } });
    expect(await postConfirm(path)).toEqual({ failure: "expired" });
    expect(await postConfirm("/signup/confirm/not-a-token")).toEqual({ failure: "unknown" });
    expect(await counts()).toEqual(before);
  });

  it("emails the owner of a taken address that someone tried, and creates nothing", async () => {
    const email = uniqueEmail();
    await context.auth.accounts.signUp({ name: "Erin Existing", email, password, companyName: "Existing Co" });
    const before = await counts();
    const [requests] = await db.query<{ n: number }>(sql`select count(*)::int as n from signup_requests`);

    await postSignUp({ ...form(email), password: "someone-elses-plum" });
    expect(await counts()).toEqual(before);
    expect(await db.query<{ n: number }>(sql`select count(*)::int as n from signup_requests`)).toEqual([requests]);
    const notice = await latestAccountEmail(db, email);
    expect(notice?.template).toBe("sign-up-existing-account");
    expect([linkPath(notice, "/login"), linkPath(notice, "/forgot-password")]).toEqual(["/login", "/forgot-password"]);
  });

  it("never sends the password back, neither with a field error nor when the attempts run out", async () => {
    const invalid = await postSignUp({ ...form("not-an-email"), password });
    expect(statusOf(invalid)).toBe(400);
    expect(JSON.stringify(invalid)).toContain("not-an-email");
    expect(JSON.stringify(invalid)).not.toContain(password);

    const email = uniqueEmail();
    const ip = someIp();
    const outcomes = [];
    // Every attempt of the allowance goes through; the one after it is refused.
    for (let i = 0; i <= attemptsPerEmail; i++) outcomes.push(await postSignUp(form(email), ip));
    expect(outcomes.slice(0, -1).map(statusOf)).toEqual(Array(attemptsPerEmail).fill(302));
    const blocked = outcomes.at(-1) as { init: { status: number; headers: Record<string, string> } };
    expect(statusOf(blocked)).toBe(429);
    expect(blocked.init.headers["Retry-After"]).toMatch(/^\d+$/);
    expect(JSON.stringify(blocked)).toContain(email);
    expect(JSON.stringify(blocked)).not.toContain(password);
  });
});
