import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAccountEmail } from "~/testing/account-mail";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import { sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { action as profileAction } from "./account_.profile";
import { action as confirmAction, loader as confirmPage } from "./account_.email.$token";
import { loader as accountPage } from "./account";

/**
 * The account page's profile: name, timezone and locale (null: as the company),
 * the email change confirmed from the new address with the old one told and
 * sessions kept, the sign-in methods listed, and bad input refused on its field.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
const password = "plum-orbit-kettle";

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

let people = 0;
async function signedIn() {
  people += 1;
  const email = `profile-${people}-${Date.now()}@example.test`;
  const result = await context.auth.accounts.signUp({ name: `Person ${people}`, email, password, companyName: `Profile ${people}` });
  if (!result.ok) throw new Error("sign-up");
  const session = await context.auth.accounts.createSession(result.user.id, { ip: null, userAgent: null });
  return { email, userId: result.user.id, session };
}

async function post(session: string, fields: Record<string, string>) {
  const request = await requestAs(context, session, "/account/profile", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  const outcome = await profileAction({ request, params: {}, context }).catch((thrown: unknown) => thrown);
  return { status: statusOf(outcome), outcome, body: JSON.stringify((outcome as { data?: unknown }).data ?? null) };
}

describe("the profile", () => {
  it("saves the name, timezone and locale, and stores null for 'as the company'", async () => {
    const { userId, session } = await signedIn();
    const saved = await post(session, { intent: "profile", name: "Ada Lovelace", timezone: "Europe/Berlin", locale: "de-DE" });
    expect(saved.status).toBe(302);
    expect(await flashOf(context, saved.outcome)).toBe("Profile saved.");
    expect(await context.auth.accounts.readProfile(userId)).toMatchObject({ name: "Ada Lovelace", timezone: "Europe/Berlin", locale: "de-DE" });

    await post(session, { intent: "profile", name: "Ada Lovelace", timezone: "as-company", locale: "" });
    expect(await context.auth.accounts.readProfile(userId)).toMatchObject({ timezone: null, locale: null });
  });

  it("refuses a blank name, an unknown timezone and an unknown locale on their fields, changing nothing", async () => {
    const { userId, session } = await signedIn();
    const before = await context.auth.accounts.readProfile(userId);
    const refused = await post(session, { intent: "profile", name: "  ", timezone: "Mars/Olympus", locale: "xx-<script>" });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("Enter your name");
    expect(refused.body).toContain("Choose a timezone from the list");
    expect(refused.body).toContain("Choose a language from the list");
    expect(await context.auth.accounts.readProfile(userId)).toEqual(before);
  });

  it("lists the sign-in methods on the account page, with the company's timezone as the fallback", async () => {
    const { session } = await signedIn();
    const page = await accountPage({ request: await requestAs(context, session, "/account"), params: {}, context });
    expect(page.signInMethods.map((method) => [method.id, method.enabled])).toEqual([
      ["password", true],
      ["two-factor", false],
    ]);
    expect(page.profile.fallback.timezone).toBe("UTC");
  });
});

describe("changing the email address", () => {
  it("needs the password, sends a link to the new address, and changes nothing until it is opened", async () => {
    const { email, userId, session } = await signedIn();
    const newEmail = `new-${Date.now()}@example.test`;
    const wrong = await post(session, { intent: "email", newEmail, password: "not-my-password" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain("That is not your password");
    expect(wrong.body).not.toContain("not-my-password");
    expect(await latestAccountEmail(db, newEmail)).toBeNull();

    const asked = await post(session, { intent: "email", newEmail, password });
    expect(asked.status).toBe(302);
    expect(await context.auth.accounts.readProfile(userId)).toMatchObject({ email, pendingEmail: newEmail });
    const link = await latestAccountEmail(db, newEmail);
    expect(link?.template).toBe("email-change-confirmation");
    const token = decodeURIComponent(link!.links.find((href) => href.includes("/account/email/"))!.split("/account/email/")[1]!);

    // Opening the link only asks; the button's POST changes the address.
    expect(await confirmPage({ request: new Request(`http://hourbook.test/account/email/${token}`), params: { token }, context })).toMatchObject({
      state: "valid",
      newEmail,
    });
    expect((await context.auth.accounts.readProfile(userId))?.email).toBe(email);
    const confirmed = await confirmAction({ request: new Request(`http://hourbook.test/account/email/${token}`, { method: "POST" }), params: { token }, context });
    expect(await flashOf(context, confirmed)).toContain(newEmail);

    expect((await context.auth.accounts.readProfile(userId))?.email).toBe(newEmail);
    // Sessions are kept, the old address is told, and both steps are recorded.
    expect(await context.auth.accounts.readSession(session)).not.toBeNull();
    expect(await latestAccountEmail(db, email)).toMatchObject({ template: "sign-in-method-changed" });
    const actions = await db.query<{ action: string }>(sql`select action from account_events where user_id = ${userId} order by occurred_at`);
    expect(actions.map((row) => row.action)).toEqual(expect.arrayContaining(["email.change_requested", "email.changed"]));
    // The link works once.
    expect(await confirmAction({ request: new Request(`http://hourbook.test/account/email/${token}`, { method: "POST" }), params: { token }, context })).toEqual({
      failure: "used",
    });
  });

  it("answers the same for an address another account has, and refuses it only when the link is opened", async () => {
    const alice = await signedIn();
    const bob = await signedIn();
    const asked = await post(bob.session, { intent: "email", newEmail: alice.email, password });
    expect(asked.status).toBe(302);
    const link = await latestAccountEmail(db, alice.email);
    const token = decodeURIComponent(link!.links.find((href) => href.includes("/account/email/"))!.split("/account/email/")[1]!);
    expect(await confirmAction({ request: new Request(`http://hourbook.test/account/email/${token}`, { method: "POST" }), params: { token }, context })).toEqual({
      failure: "taken",
    });
    expect((await context.auth.accounts.readProfile(bob.userId))?.email).toBe(bob.email);
  });

  it("refuses a malformed address and an unknown link", async () => {
    const { session } = await signedIn();
    const refused = await post(session, { intent: "email", newEmail: "not an address", password });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("Enter an email address like name@company.com");
    expect(await confirmPage({ request: new Request("http://hourbook.test/account/email/nope"), params: { token: "nope" }, context })).toEqual({ state: "unknown" });
  });
});
