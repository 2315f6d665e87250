import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifier, sql } from "../../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createTestApp, silentAccountDeps, testHasher, type TestApp } from "~/testing/context";
import { latestAccountEmail, linkPath } from "~/testing/account-mail";
import { hashToken } from "./tokens.server";
import type { PasswordHasher } from "./password.server";
import { createAccountService } from "./accounts.server";
import type { SignUpEmail } from "./account-deps.server";

let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const accounts = () => context.auth.accounts;
const password = "plum-orbit-kettle";
let counter = 0;
const uniqueEmail = () => `person${++counter}-${Date.now()}@example.test`;

async function count(table: "companies" | "users" | "memberships" | "signup_requests") {
  const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from ${identifier(table)}`);
  return row!.n;
}

describe("sign-up", () => {
  it("creates the person, a company with a slug from its name, and their owner membership", async () => {
    const email = uniqueEmail();
    const result = await accounts().signUp({ name: "Nora Nilsen", email, password, companyName: "Fjord Design AS" });
    expect(result).toMatchObject({ ok: true, companySlug: "fjord-design-as" });
    const memberships = await accounts().listMemberships(result.ok ? result.user.id : "");
    expect(memberships).toMatchObject([{ slug: "fjord-design-as", name: "Fjord Design AS", role: "owner" }]);
  });

  it("gives a namesake company the next free slug", async () => {
    const again = await accounts().signUp({ name: "Olaf", email: uniqueEmail(), password, companyName: "Fjord design AS" });
    expect(again).toMatchObject({ ok: true, companySlug: "fjord-design-as-2" });
  });

  it("refuses a taken email (any case) on the field, creating nothing", async () => {
    const email = uniqueEmail();
    await accounts().signUp({ name: "First", email, password, companyName: "First Co" });
    const before = await Promise.all([count("companies"), count("users"), count("memberships")]);
    const result = await accounts().signUp({ name: "Second", email: email.toUpperCase(), password, companyName: "Second Co" });
    expect(result).toEqual({ ok: false, field: "email", message: expect.stringMatching(/exists already/) });
    expect(await Promise.all([count("companies"), count("users"), count("memberships")])).toEqual(before);
  });
});

describe("sign-up confirmed by email", () => {
  const signUpWith = (email: string) => ({ name: "Nia New", email, password, companyName: "Confirmed Co" });
  const everything = () => Promise.all([count("companies"), count("users"), count("memberships")]);

  /** The token is only ever in the emailed link. */
  async function confirmationToken(email: string): Promise<string> {
    const path = linkPath(await latestAccountEmail(db, email), "/signup/confirm/");
    if (!path) throw new Error(`no confirmation link was sent to ${email}`);
    return path.split("/").at(-1)!;
  }

  it("creates nothing until the link is used, and keeps the token and password only hashed", async () => {
    const email = uniqueEmail();
    const before = await everything();
    await expect(accounts().requestSignUp(signUpWith(email))).resolves.toBeUndefined();
    expect(await everything()).toEqual(before);
    expect(await latestAccountEmail(db, email)).toMatchObject({ template: "sign-up-confirmation" });

    const token = await confirmationToken(email);
    const [stored] = await db.query<{ token_hash: string; password_hash: string }>(
      sql`select token_hash, password_hash from signup_requests where email = ${email}`,
    );
    expect(stored!.token_hash).toBe(hashToken(token));
    expect(stored!.password_hash).toMatch(/^\$scrypt\$/);
    expect(await testHasher.verify(password, stored!.password_hash)).toBe(true);
  });

  it("shows what the link will create while it can be used", async () => {
    const email = uniqueEmail();
    await accounts().requestSignUp(signUpWith(email));
    expect(await accounts().findSignUpRequest(await confirmationToken(email))).toEqual({
      state: "valid",
      details: { name: "Nia New", email, companyName: "Confirmed Co" },
    });
  });

  it("creates the person, their company and owner membership from the link, once, with the password they chose", async () => {
    const email = uniqueEmail();
    await accounts().requestSignUp(signUpWith(email));
    const token = await confirmationToken(email);

    const confirmed = await accounts().confirmSignUp(token);
    if (!confirmed.ok) throw new Error(`confirmation refused: ${confirmed.reason}`);
    expect(confirmed.user).toMatchObject({ name: "Nia New", email });
    expect(await accounts().listMemberships(confirmed.user.id)).toMatchObject([
      { slug: confirmed.companySlug, name: "Confirmed Co", role: "owner" },
    ]);
    expect(await accounts().verifyCredentials(email, password)).toMatchObject({ id: confirmed.user.id });

    const before = await everything();
    expect(await accounts().confirmSignUp(token)).toEqual({ ok: false, reason: "used" });
    expect(await accounts().findSignUpRequest(token)).toEqual({ state: "used" });
    expect(await everything()).toEqual(before);
  });

  it("voids the address's other links once one is used", async () => {
    const email = uniqueEmail();
    await accounts().requestSignUp(signUpWith(email));
    const older = await confirmationToken(email);
    await accounts().requestSignUp({ ...signUpWith(email), companyName: "Second Thoughts Co" });
    const newer = await confirmationToken(email);
    expect(newer).not.toBe(older);

    expect(await accounts().confirmSignUp(newer)).toMatchObject({ ok: true });
    expect(await accounts().confirmSignUp(older)).toEqual({ ok: false, reason: "used" });
  });

  it("expires after 24 hours and refuses unknown links", async () => {
    const email = uniqueEmail();
    await accounts().requestSignUp(signUpWith(email));
    const token = await confirmationToken(email);
    const [row] = await db.query<{ hours: number }>(sql`
      select round(extract(epoch from expires_at - created_at) / 3600)::int as hours from signup_requests where email = ${email}`);
    expect(row!.hours).toBe(24);

    await db.query(sql`update signup_requests set expires_at = now() - interval '1 second' where token_hash = ${hashToken(token)}`);
    const before = await everything();
    expect(await accounts().findSignUpRequest(token)).toEqual({ state: "expired" });
    expect(await accounts().confirmSignUp(token)).toEqual({ ok: false, reason: "expired" });
    expect(await accounts().findSignUpRequest("made-up-token")).toEqual({ state: "unknown" });
    expect(await accounts().confirmSignUp("made-up-token")).toEqual({ ok: false, reason: "unknown" });
    expect(await everything()).toEqual(before);
  });

  it("tells a person with an account by email instead, creating nothing", async () => {
    const email = uniqueEmail();
    await accounts().signUp({ name: "Erin Existing", email, password, companyName: "Existing Co" });
    const before = await Promise.all([...(await everything()), count("signup_requests")]);

    await expect(accounts().requestSignUp({ ...signUpWith(email.toUpperCase()), password: "another-plum-orbit" })).resolves.toBeUndefined();
    expect(await Promise.all([...(await everything()), count("signup_requests")])).toEqual(before);
    const notice = await latestAccountEmail(db, email);
    expect(notice).toMatchObject({ template: "sign-up-existing-account" });
    expect(linkPath(notice, "/login")).toBe("/login");
    expect(linkPath(notice, "/forgot-password")).toBe("/forgot-password");
    expect(await latestAccountEmail(db, email.toUpperCase())).toBeNull();
    // The account's password is untouched by the attempt.
    expect(await accounts().verifyCredentials(email, password)).not.toBeNull();
  });

  it("hashes the password whether or not the address has an account, so both answers take as long", async () => {
    const hashed: string[] = [];
    const countingHasher: PasswordHasher = { ...testHasher, hash: (plain) => (hashed.push(plain), testHasher.hash(plain)) };
    const sent: SignUpEmail["kind"][] = [];
    const counted = createAccountService({
      ...silentAccountDeps(db, context.billing),
      hasher: countingHasher,
      queueSignUpEmail: async (_tx, message) => void sent.push(message.kind),
    });
    const taken = uniqueEmail();
    await accounts().signUp({ name: "Tia Taken", email: taken, password, companyName: "Taken Co" });

    await counted.requestSignUp(signUpWith(uniqueEmail()));
    await counted.requestSignUp(signUpWith(taken));
    expect(hashed).toEqual([password, password]);
    expect(sent).toEqual(["confirmation", "existing-account"]);
  });

  it("refuses a link whose address got an account meanwhile, creating nothing", async () => {
    const email = uniqueEmail();
    await accounts().requestSignUp(signUpWith(email));
    const token = await confirmationToken(email);
    await accounts().signUp({ name: "Quick Invitee", email, password, companyName: "Elsewhere Co" });

    expect(await accounts().findSignUpRequest(token)).toEqual({ state: "account-exists" });
    const before = await everything();
    expect(await accounts().confirmSignUp(token)).toEqual({ ok: false, reason: "account-exists" });
    expect(await everything()).toEqual(before);
  });
});

describe("sign-in and sessions", () => {
  let userId: string;
  const email = uniqueEmail();

  beforeAll(async () => {
    const result = await accounts().signUp({ name: "Sam Session", email, password, companyName: "Session Co" });
    if (!result.ok) throw new Error("sign-up failed");
    userId = result.user.id;
  });

  it("knows the person by email (any case) and password, and nobody otherwise", async () => {
    expect(await accounts().verifyCredentials(email.toUpperCase(), password)).toMatchObject({ id: userId });
    expect(await accounts().verifyCredentials(email, "wrong-password-here")).toBeNull();
    expect(await accounts().verifyCredentials("nobody@example.test", password)).toBeNull();
  });

  it("stores only a hash of the session token and lists the device", async () => {
    const token = await accounts().createSession(userId, { ip: "198.51.100.7", userAgent: "Firefox/130" });
    const stored = await db.query<{ token_hash: string }>(sql`select token_hash from sessions where user_id = ${userId}`);
    expect(stored.map((s) => s.token_hash)).toContain(hashToken(token));
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    expect(await accounts().listSessions(userId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ ip: "198.51.100.7", userAgent: "Firefox/130" })]),
    );
  });

  it("signs out one session, or all but the current one, server-side", async () => {
    const laptop = await accounts().createSession(userId, { ip: null, userAgent: "laptop" });
    const phone = await accounts().createSession(userId, { ip: null, userAgent: "phone" });
    const tablet = await accounts().createSession(userId, { ip: null, userAgent: "tablet" });
    const phoneSession = await accounts().readSession(phone);
    expect(await accounts().revokeSession(userId, phoneSession!.sessionId)).toBe(true);
    expect(await accounts().readSession(phone)).toBeNull();

    const current = await accounts().readSession(laptop);
    expect(await accounts().revokeAllSessions(userId, current!.sessionId)).toBeGreaterThanOrEqual(1);
    expect(await accounts().readSession(tablet)).toBeNull();
    expect(await accounts().readSession(laptop)).not.toBeNull();
  });

  it("won't sign out another person's session", async () => {
    const other = await accounts().signUp({ name: "Other", email: uniqueEmail(), password, companyName: "Other Co" });
    const token = await accounts().createSession(userId, { ip: null, userAgent: null });
    const session = await accounts().readSession(token);
    expect(await accounts().revokeSession(other.ok ? other.user.id : "", session!.sessionId)).toBe(false);
    expect(await accounts().readSession(token)).not.toBeNull();
  });

  it("ignores expired sessions", async () => {
    const token = await accounts().createSession(userId, { ip: null, userAgent: null });
    await db.query(sql`update sessions set expires_at = now() - interval '1 second' where token_hash = ${hashToken(token)}`);
    expect(await accounts().readSession(token)).toBeNull();
  });

  it("changing the password signs out every other session", async () => {
    const keep = await accounts().createSession(userId, { ip: null, userAgent: "keep" });
    const drop = await accounts().createSession(userId, { ip: null, userAgent: "drop" });
    const current = await accounts().readSession(keep);
    const wrong = await accounts().changePassword({ userId, sessionId: current!.sessionId, currentPassword: "nope-nope-nope", newPassword: "new-plum-orbit-1" });
    expect(wrong).toMatchObject({ ok: false, field: "currentPassword" });
    const done = await accounts().changePassword({ userId, sessionId: current!.sessionId, currentPassword: password, newPassword: "new-plum-orbit-1" });
    expect(done).toEqual({ ok: true });
    expect(await accounts().readSession(drop)).toBeNull();
    expect(await accounts().readSession(keep)).not.toBeNull();
    expect(await accounts().verifyCredentials(email, "new-plum-orbit-1")).not.toBeNull();
  });
});

describe("password reset", () => {
  const email = uniqueEmail();
  let userId: string;

  beforeAll(async () => {
    const result = await accounts().signUp({ name: "Rita Reset", email, password, companyName: "Reset Co" });
    if (!result.ok) throw new Error("sign-up failed");
    userId = result.user.id;
  });

  /** The token is only ever in the queued email; read it from the outbox like the mail processor would. */
  async function latestResetToken(): Promise<string> {
    const [row] = await db.query<{ payload: { props: { token: string } } }>(sql`
      select payload from account_outbox where payload->>'to' = ${email} order by created_at desc limit 1`);
    return row!.payload.props.token;
  }

  it("queues an email for a known address and nothing for an unknown one, answering the same", async () => {
    const [before] = await db.query<{ n: number }>(sql`select count(*)::int as n from account_outbox`);
    await expect(accounts().requestPasswordReset("nobody-here@example.test")).resolves.toBeUndefined();
    await expect(accounts().requestPasswordReset(email)).resolves.toBeUndefined();
    const [after] = await db.query<{ n: number }>(sql`select count(*)::int as n from account_outbox`);
    expect(after!.n - before!.n).toBe(1);
    const token = await latestResetToken();
    expect(await accounts().checkPasswordResetToken(token)).toBe("valid");
    const stored = await db.query<{ token_hash: string }>(sql`select token_hash from password_resets where user_id = ${userId}`);
    expect(stored.map((r) => r.token_hash)).toContain(hashToken(token));
  });

  it("works once, signs the person out everywhere, and voids older links", async () => {
    await accounts().requestPasswordReset(email);
    const older = await latestResetToken();
    await accounts().requestPasswordReset(email);
    const newer = await latestResetToken();
    const session = await accounts().createSession(userId, { ip: null, userAgent: null });

    expect(await accounts().resetPassword(newer, "reset-plum-orbit")).toEqual({ ok: true, userId });
    expect(await accounts().readSession(session)).toBeNull();
    expect(await accounts().verifyCredentials(email, "reset-plum-orbit")).not.toBeNull();
    expect(await accounts().resetPassword(newer, "again-plum-orbit")).toEqual({ ok: false, reason: "used" });
    expect(await accounts().resetPassword(older, "again-plum-orbit")).toEqual({ ok: false, reason: "used" });
  });

  it("expires after an hour and rejects unknown tokens", async () => {
    await accounts().requestPasswordReset(email);
    const token = await latestResetToken();
    await db.query(sql`update password_resets set expires_at = now() - interval '1 second' where token_hash = ${hashToken(token)}`);
    expect(await accounts().checkPasswordResetToken(token)).toBe("expired");
    expect(await accounts().resetPassword(token, "late-plum-orbit")).toEqual({ ok: false, reason: "expired" });
    expect(await accounts().resetPassword("made-up-token", "late-plum-orbit")).toEqual({ ok: false, reason: "unknown" });
  });
});
