import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import { withTenant, type TenantContext } from "../../../db/tenant";
import { createCompany, createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { billingPlans } from "~/kernel/company/plans";
import { createTestApp, requestAs, silentAccountDeps, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import { stripeTestEnv } from "~/testing/stripe-stand-in";
import { action as invitationsAction, loader as invitationsLoader } from "~/routes/c.$company.invitations";
import { createAccountService } from "../accounts/accounts.server";
import { createInvitation, resendInvitation, revokeInvitation } from "./invitations.server";
import { setMemberStatus } from "./members.server";
import { seatUsage, type SeatRules } from "./seats.server";

/**
 * The free plan's member limit (3), on both backends: active members and open
 * invitations hold seats when inviting and reactivating, active members when
 * accepting; concurrent invitations can't pass it; without billing there is none.
 */
let db: TestDatabase;
const plans = billingPlans({ STRIPE_PRICE_TEAM: "price_team", STRIPE_PRICE_BUSINESS: "price_business" });
const billed: SeatRules = { config: { STRIPE_SECRET_KEY: "sk_test_seats", BILLING_DEFAULT_PLAN: "business", BILLING_GRACE_DAYS: 7 }, plans };
const unbilled: SeatRules = { config: { BILLING_DEFAULT_PLAN: "business", BILLING_GRACE_DAYS: 7 }, plans };
const limitMessage = /^The Free plan allows 3 members, counting pending invitations\./;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const accountsFor = (seats: SeatRules) =>
  createAccountService(silentAccountDeps(db, seats));

let invited = 0;
async function invite(member: TenantContext, seats: SeatRules) {
  invited += 1;
  const email = `seat-${invited}-${Date.now()}@example.test`;
  const result = await withTenant(db, member, (tx) => createInvitation(tx, { email, role: "employee", teamIds: [] }, seats));
  return { email, result };
}

/** The link only exists in the queued email. */
async function tokenFor(companyId: string, email: string): Promise<string> {
  const [row] = await db.query<{ payload: { props: { token: string } } }>(sql`
    select payload from outbox where company_id = ${companyId} and payload->>'to' = ${email}`);
  return row!.payload.props.token;
}

async function activeMembers(companyId: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(sql`
    select count(*)::int as count from memberships where company_id = ${companyId} and status = 'active'`);
  return row!.count;
}

describe("the free plan's member limit", () => {
  it("lets the invitations that fit through the invitations page, then answers on the email field", async () => {
    const app: TestApp = await createTestApp(db, stripeTestEnv("http://127.0.0.1:9"));
    try {
      const context: AppLoadContext = app.context();
      const signedUp = await context.auth.accounts.signUp({
        name: "Solo Owner",
        email: `solo-${Date.now()}@example.test`,
        password: "plum-orbit-kettle",
        companyName: "Three seats",
      });
      if (!signedUp.ok) throw new Error("sign-up");
      const token = await context.auth.accounts.createSession(signedUp.user.id, { ip: null, userAgent: null });
      const slug = signedUp.companySlug;
      const send = async (email: string) => {
        const body = new URLSearchParams({ intent: "invite", email, role: "employee" });
        const request = await requestAs(context, token, `/c/${slug}/invitations`, { method: "POST", body });
        return invitationsAction({ request, params: { company: slug }, context }).catch((thrown: unknown) => thrown);
      };

      expect(await flashOf(context, await send("second@three.example"))).toBe("Invitation sent to second@three.example.");
      expect(await flashOf(context, await send("third@three.example"))).toBe("Invitation sent to third@three.example.");
      const refused = await send("fourth@three.example");
      expect(statusOf(refused)).toBe(409);
      const errors = (refused as { data: { error: Record<string, string[]> } }).data.error;
      expect(errors).toEqual({ email: [expect.stringMatching(limitMessage)] });
      expect(errors.email![0]).toContain("Upgrade on the billing page to invite more.");
      const page = await invitationsLoader({ request: await requestAs(context, token, `/c/${slug}/invitations`), params: { company: slug }, context });
      expect(page.seats).toEqual({ planName: "Free", limit: 3, taken: 3 });

      // An expired invitation frees its seat, and renewing it asks for one back.
      const [expired] = await db.query<{ id: string }>(sql`
        update invitations set expires_at = now() - interval '1 minute' where email = 'second@three.example' returning id`);
      expect(await flashOf(context, await send("fourth@three.example"))).toBe("Invitation sent to fourth@three.example.");
      const body = new URLSearchParams({ intent: "resend", invitationId: expired!.id });
      const resend = await requestAs(context, token, `/c/${slug}/invitations`, { method: "POST", body });
      const renewal = await invitationsAction({ request: resend, params: { company: slug }, context });
      expect(statusOf(renewal)).toBe(409);
      expect((renewal as { data: { error: Record<string, string[]> } }).data.error).toEqual({ "": [expect.stringMatching(limitMessage)] });
    } finally {
      await app.close();
    }
  });

  it("holds under invitations sent at once: only the seats left are given", async () => {
    const companyId = await createCompany(db, "Rush");
    const owner = await createMember(db, companyId, "owner");
    const results = await Promise.all(Array.from({ length: 8 }, () => invite(owner, billed)));
    expect(results.filter(({ result }) => result.ok)).toHaveLength(2);
    for (const { result } of results.filter(({ result }) => !result.ok)) {
      expect(result).toMatchObject({ ok: false, field: "email", message: expect.stringMatching(limitMessage) });
    }
    const [open] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from invitations where company_id = ${companyId} and accepted_at is null and revoked_at is null`);
    expect(open!.count).toBe(2);
  });

  it("frees the seat of a revoked or expired invitation", async () => {
    const companyId = await createCompany(db, "Freed");
    const owner = await createMember(db, companyId, "owner");
    const first = await invite(owner, billed);
    const second = await invite(owner, billed);
    expect((await invite(owner, billed)).result.ok).toBe(false);

    const firstId = first.result.ok ? first.result.id : "";
    expect(await withTenant(db, owner, (tx) => revokeInvitation(tx, firstId))).toBe(true);
    expect((await invite(owner, billed)).result.ok).toBe(true);
    expect((await invite(owner, billed)).result.ok).toBe(false);

    const secondId = second.result.ok ? second.result.id : "";
    await db.query(sql`update invitations set expires_at = now() - interval '1 minute' where company_id = ${companyId} and id = ${secondId}`);
    expect((await invite(owner, billed)).result.ok).toBe(true);
  });

  it("needs a seat to renew an expired invitation, which held none", async () => {
    const companyId = await createCompany(db, "Renewals");
    const owner = await createMember(db, companyId, "owner");
    const stale = await invite(owner, billed);
    const staleId = stale.result.ok ? stale.result.id : "";
    await invite(owner, billed);
    await db.query(sql`update invitations set expires_at = now() - interval '1 minute' where company_id = ${companyId} and id = ${staleId}`);
    const fresh = await invite(owner, billed);
    expect(fresh.result.ok).toBe(true);

    expect(await withTenant(db, owner, (tx) => resendInvitation(tx, staleId, billed))).toEqual({
      ok: false,
      message: expect.stringMatching(limitMessage),
    });
    const freshId = fresh.result.ok ? fresh.result.id : "";
    // An open invitation holds its seat already: resending it needs no other.
    expect(await withTenant(db, owner, (tx) => resendInvitation(tx, freshId, billed))).toEqual({ ok: true });
    await withTenant(db, owner, (tx) => revokeInvitation(tx, freshId));
    expect(await withTenant(db, owner, (tx) => resendInvitation(tx, staleId, billed))).toEqual({ ok: true });
  });

  it("refuses an acceptance when the company is full, creating nobody, and lets it through once a seat is free", async () => {
    const companyId = await createCompany(db, "Full house");
    const owner = await createMember(db, companyId, "owner");
    const employee = await createMember(db, companyId, "employee");
    // Sent while billing wasn't configured: more invitations than the free plan has seats.
    const early = await invite(owner, unbilled);
    const late = await invite(owner, unbilled);
    const accounts = accountsFor(billed);

    expect(await accounts.acceptInvitation(await tokenFor(companyId, early.email), { name: "Early", password: "plum-orbit-kettle" })).toMatchObject({ ok: true });
    const lateToken = await tokenFor(companyId, late.email);
    expect(await accounts.acceptInvitation(lateToken, { name: "Late", password: "plum-orbit-kettle" })).toEqual({ ok: false, reason: "member-limit" });
    expect(await db.query(sql`select id from users where lower(email) = lower(${late.email})`)).toEqual([]);
    expect((await accounts.findInvitation(lateToken)).state).toBe("open");
    expect(await activeMembers(companyId)).toBe(3);

    expect(await withTenant(db, owner, (tx) => setMemberStatus(tx, employee.userId, "deactivated", billed))).toEqual({ ok: true });
    expect(await accounts.acceptInvitation(lateToken, { name: "Late", password: "plum-orbit-kettle" })).toMatchObject({ ok: true });
    expect(await activeMembers(companyId)).toBe(3);
  });

  it("refuses a signed-in person's acceptance at the limit too", async () => {
    const companyId = await createCompany(db, "Full for accounts");
    const owner = await createMember(db, companyId, "owner");
    await createMember(db, companyId, "admin");
    await createMember(db, companyId, "employee");
    const accounts = accountsFor(billed);
    const existing = await accounts.signUp({ name: "Has Account", email: `has-seat-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Elsewhere" });
    if (!existing.ok) throw new Error("sign-up");
    await withTenant(db, owner, (tx) => createInvitation(tx, { email: existing.user.email, role: "finance", teamIds: [] }, unbilled));
    const token = await tokenFor(companyId, existing.user.email);
    expect(await accounts.acceptInvitation(token, { userId: existing.user.id })).toEqual({ ok: false, reason: "member-limit" });
    expect(await activeMembers(companyId)).toBe(3);
  });

  it("counts a reactivation as a new seat, pending invitations included", async () => {
    const companyId = await createCompany(db, "Comeback");
    const owner = await createMember(db, companyId, "owner");
    const leaver = await createMember(db, companyId, "employee");
    await createMember(db, companyId, "employee");
    expect(await withTenant(db, owner, (tx) => setMemberStatus(tx, leaver.userId, "deactivated", billed))).toEqual({ ok: true });
    const pending = await invite(owner, billed);
    expect(pending.result.ok).toBe(true);

    const refused = await withTenant(db, owner, (tx) => setMemberStatus(tx, leaver.userId, "active", billed));
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(limitMessage) });
    expect(refused?.ok === false && refused.message).toContain("revoke an invitation");
    expect(await activeMembers(companyId)).toBe(2);

    const pendingId = pending.result.ok ? pending.result.id : "";
    await withTenant(db, owner, (tx) => revokeInvitation(tx, pendingId));
    expect(await withTenant(db, owner, (tx) => setMemberStatus(tx, leaver.userId, "active", billed))).toEqual({ ok: true });
    expect(await activeMembers(companyId)).toBe(3);
  });

  it("doesn't apply without billing, nor on a paid plan", async () => {
    const companyId = await createCompany(db, "Unlimited");
    const owner = await createMember(db, companyId, "owner");
    const invitations = [];
    for (let i = 0; i < 4; i++) invitations.push(await invite(owner, unbilled));
    expect(invitations.every(({ result }) => result.ok)).toBe(true);
    const accounts = accountsFor(unbilled);
    for (const { email } of invitations) {
      expect(await accounts.acceptInvitation(await tokenFor(companyId, email), { name: "Joiner", password: "plum-orbit-kettle" })).toMatchObject({ ok: true });
    }
    expect(await activeMembers(companyId)).toBe(5);
    expect(await withTenant(db, owner, (tx) => seatUsage(tx, unbilled))).toBeNull();

    // Once billing is configured the company is on the free plan; a live team subscription lifts the limit.
    expect((await invite(owner, billed)).result.ok).toBe(false);
    await db.query(sql`
      insert into company_subscriptions (company_id, plan, status, stripe_customer_id, stripe_subscription_id)
      values (${companyId}, 'team', 'active', 'cus_testunlimited', 'sub_testunlimited')`);
    expect((await invite(owner, billed)).result.ok).toBe(true);
  });
});
