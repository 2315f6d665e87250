import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { requireMember, withMember } from "./session.server";
import { sql } from "../../../db/sql";
import { createMember } from "../../../db/testing/fixtures";

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

describe("withMember", () => {
  it("enters the company as the session's member; sign-in, 404 and deactivation answer as requireMember's do", async () => {
    const context = app.context();
    const signedUp = await context.auth.accounts.signUp({ name: "Found", email: `found-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Found Co" });
    if (!signedUp.ok) throw new Error("sign-up");
    const slug = signedUp.companySlug;
    const companyId = (await context.auth.accounts.findMembership(signedUp.user.id, slug))!.companyId;
    const employee = await createMember(db, companyId, "employee");
    const token = await context.auth.accounts.createSession(employee.userId, { ip: null, userAgent: null });
    const outcome = async (company: string, as = token) => {
      try {
        const request = await requestAs(context, as, `/c/${company}/time`);
        const { member, result } = await withMember(request, context, company, async (tx, member) => {
          const [row] = await tx.query<{ company: string; role: string }>(sql`select app_company_id()::text as company, app_role() as role`);
          return { ...row, slug: member.company.slug };
        });
        return { status: 200, member: member.user.id, result };
      } catch (thrown) {
        return { status: statusOf(thrown) };
      }
    };

    expect(await outcome(slug)).toEqual({ status: 200, member: employee.userId, result: { company: companyId, role: "employee", slug } });
    expect(await outcome(slug, "not-a-session")).toEqual({ status: 302 });
    expect(await outcome(`nowhere-${Date.now()}`)).toEqual({ status: 404 });

    // Deactivated: the company is a 404 at the next request, with no cache in between.
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${employee.userId}`);
    expect(await outcome(slug)).toEqual({ status: 404 });

    // Signed out: the next request is sent to sign in.
    await context.auth.accounts.revokeSessionByToken(token);
    expect(await outcome(slug)).toEqual({ status: 302 });
  });
});
