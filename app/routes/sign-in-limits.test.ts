import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createTestApp, statusOf, type TestApp } from "~/testing/context";
import { action as forgotPassword } from "./forgot-password";
import { action as login } from "./login";

/**
 * The sign-in and reset forms' limits as the README states them: RATE_LIMIT_ATTEMPTS
 * (5) allowed per email and window, the next one refused with 429 and Retry-After;
 * and a refused sign-in never sends the typed password back.
 */
let db: TestDatabase;
let app: TestApp;
let email: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  email = `limits-${Date.now()}@example.test`;
  const signedUp = await app.context().auth.accounts.signUp({ name: "Lim", email, password: "plum-orbit-kettle", companyName: "Limits Co" });
  if (!signedUp.ok) throw new Error("sign-up");
});
afterAll(async () => {
  await app.close();
  await db.close();
});

// Each test its own client address (64 random bits, so no two tests or runs against a
// shared Redis ever count each other's attempts).
const contextFrom = (): AppLoadContext =>
  app.context({ clientIp: `2001:db8::${randomBytes(8).toString("hex").match(/.{4}/g)!.join(":")}` });

function post(fields: Record<string, string>, path = "/login") {
  return new Request(`http://hourbook.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

async function outcomeOf(run: () => Promise<unknown>) {
  const outcome = await run().catch((thrown: unknown) => thrown);
  const init = (outcome as { init?: ResponseInit | null }).init;
  return {
    // A plain object is what an action returns for 200.
    status: statusOf(outcome) ?? 200,
    retryAfter: new Headers(init?.headers).get("Retry-After"),
    body: JSON.stringify((outcome as { data?: unknown }).data ?? null),
  };
}

describe("sign-in attempts", () => {
  it("tells each of five wrong passwords so, then refuses the sixth, right password or not, with Retry-After", async () => {
    const context = contextFrom();
    const attempt = (password: string) => outcomeOf(() => login({ request: post({ email, password }), params: {}, context }));
    for (let n = 1; n <= 5; n++) {
      const wrong = await attempt(`wrong-password-${n}`);
      expect(wrong.status, `attempt ${n}`).toBe(400);
      expect(wrong.body).toContain("Email or password is incorrect");
    }
    const sixth = await attempt("plum-orbit-kettle");
    expect(sixth.status).toBe(429);
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0);
    expect(sixth.body).toContain("Too many attempts");
  });

  it("never sends the typed password back in a refusal", async () => {
    const context = contextFrom();
    const someoneElse = `typo-${Date.now()}@example.test`;
    const refused = await outcomeOf(() => login({ request: post({ email: someoneElse, password: "secret-typed-here" }), params: {}, context }));
    expect(refused.status).toBe(400);
    expect(refused.body).toContain(someoneElse);
    expect(refused.body).not.toContain("secret-typed-here");
  });
});

describe("password reset requests", () => {
  it("allow five per email and refuse the sixth with 429 and Retry-After", async () => {
    const context = contextFrom();
    const request = () => outcomeOf(() => forgotPassword({ request: post({ email }, "/forgot-password"), params: {}, context }));
    for (let n = 1; n <= 5; n++) expect((await request()).status, `request ${n}`).toBe(200);
    const sixth = await request();
    expect(sixth.status).toBe(429);
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0);
  });
});
