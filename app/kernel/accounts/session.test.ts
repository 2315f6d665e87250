import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createTestApp, requestAs, type TestApp } from "~/testing/context";
import { requireMember } from "./session.server";

let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe("requireMember", () => {
  it("reads the session and the membership once per request, however many loaders ask", async () => {
    const base = app.context();
    const signedUp = await base.auth.accounts.signUp({ name: "Memo", email: `memo-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Memo Co" });
    if (!signedUp.ok) throw new Error("sign-up");
    const token = await base.auth.accounts.createSession(signedUp.user.id, { ip: null, userAgent: null });

    const calls = { readSession: 0, findMembership: 0 };
    const accounts = {
      ...base.auth.accounts,
      readSession: (t: string) => (calls.readSession++, base.auth.accounts.readSession(t)),
      findMembership: (u: string, s: string) => (calls.findMembership++, base.auth.accounts.findMembership(u, s)),
    };
    const context: AppLoadContext = { ...base, auth: { ...base.auth, accounts } };

    // The company layout's loader and the page's loader share one request.
    const page = await requestAs(context, token, `/c/${signedUp.companySlug}/members`);
    const [layout, members] = await Promise.all([
      requireMember(page, context, signedUp.companySlug),
      requireMember(page, context, signedUp.companySlug),
    ]);
    expect(layout.company.slug).toBe(signedUp.companySlug);
    expect(members.tenant.userId).toBe(signedUp.user.id);
    expect(calls).toEqual({ readSession: 1, findMembership: 1 });

    // The next request asks again: a session revoked in between is noticed.
    await requireMember(await requestAs(context, token, `/c/${signedUp.companySlug}`), context, signedUp.companySlug);
    expect(calls).toEqual({ readSession: 2, findMembership: 2 });
  });
});
