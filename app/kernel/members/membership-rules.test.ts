import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { createCompany, createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createTestApp, type TestApp } from "~/testing/context";
import { createInvitation, resendInvitation, revokeInvitation } from "./invitations.server";
import { changeMemberRole, setMemberStatus, transferOwnership } from "./members.server";
import { createTeam, putTeamMember } from "../teams/teams.server";

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

const as = <T,>(member: TenantContext, work: Parameters<AppLoadContext["withTenant"]>[1] extends never ? never : (tx: Parameters<Parameters<AppLoadContext["withTenant"]>[1]>[0]) => Promise<T>) =>
  context.withTenant(member, work);

async function roleOf(member: TenantContext) {
  const [row] = await db.query<{ role: string; status: string }>(sql`
    select role, status from memberships where company_id = ${member.companyId} and user_id = ${member.userId}`);
  return row;
}

describe("the last owner", () => {
  let owner: TenantContext;
  let admin: TenantContext;

  beforeAll(async () => {
    const company = await createCompany(db, "Owner rules");
    owner = await createMember(db, company, "owner");
    admin = await createMember(db, company, "admin");
  });

  it("can't be demoted or deactivated, by the model or behind its back", async () => {
    expect(await as(owner, (tx) => changeMemberRole(tx, owner.userId, "admin"))).toEqual({ ok: false, message: expect.stringMatching(/at least one active owner/) });
    expect(await as(admin, (tx) => setMemberStatus(tx, owner.userId, "deactivated", context.billing))).toMatchObject({ ok: false });
    // The database refuses too, even for a query that skips the model's checks.
    await expect(db.query(sql`update memberships set role = 'admin' where company_id = ${owner.companyId} and user_id = ${owner.userId}`)).rejects.toMatchObject({ code: "23514" });
    expect(await roleOf(owner)).toEqual({ role: "owner", status: "active" });
  });

  it("can hand ownership over and step down in one go; admins can't make owners", async () => {
    expect(await as(admin, (tx) => transferOwnership(tx, admin.userId, { stepDown: false }))).toMatchObject({ ok: false });
    // Even straight SQL as an admin can't promote anyone to owner (the policy hides and refuses it).
    await expect(
      as(admin, (tx) => tx.query(sql`update memberships set role = 'owner' where company_id = ${admin.companyId} and user_id = ${admin.userId}`)),
    ).rejects.toMatchObject({ code: "42501" });
    expect(await roleOf(admin)).toEqual({ role: "admin", status: "active" });
    expect(await as(owner, (tx) => transferOwnership(tx, admin.userId, { stepDown: true }))).toEqual({ ok: true });
    expect(await roleOf(admin)).toEqual({ role: "owner", status: "active" });
    expect(await roleOf(owner)).toEqual({ role: "admin", status: "active" });
  });

  it("an admin can't demote an owner, and nobody can deactivate themselves", async () => {
    const company = await createCompany(db, "Two owners");
    const first = await createMember(db, company, "owner");
    const second = await createMember(db, company, "owner");
    const someAdmin = await createMember(db, company, "admin");
    expect(await as(someAdmin, (tx) => changeMemberRole(tx, first.userId, "employee"))).toMatchObject({ ok: false, message: /Only an owner/ });
    expect(await as(first, (tx) => setMemberStatus(tx, first.userId, "deactivated", context.billing))).toMatchObject({ ok: false, message: /yourself/ });
    expect(await as(first, (tx) => changeMemberRole(tx, second.userId, "admin"))).toEqual({ ok: true });
  });

  it("a deactivated member can no longer open the company, and comes back when reactivated", async () => {
    const company = await createCompany(db, "Comings and goings");
    const boss = await createMember(db, company, "owner");
    const leaver = await createMember(db, company, "employee");
    const [slug] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${company}`);
    expect(await context.auth.accounts.findMembership(leaver.userId, slug!.slug)).not.toBeNull();
    expect(await as(boss, (tx) => setMemberStatus(tx, leaver.userId, "deactivated", context.billing))).toEqual({ ok: true });
    expect(await context.auth.accounts.findMembership(leaver.userId, slug!.slug)).toBeNull();
    expect(await as(boss, (tx) => setMemberStatus(tx, leaver.userId, "active", context.billing))).toEqual({ ok: true });
    expect(await context.auth.accounts.findMembership(leaver.userId, slug!.slug)).not.toBeNull();
  });
});

describe("invitations", () => {
  let admin: TenantContext;
  let teamId: string;

  beforeAll(async () => {
    const company = await createCompany(db, "Inviting Co");
    admin = await createMember(db, company, "admin");
    const team = await as(admin, (tx) => createTeam(tx, "Support"));
    if (!team.ok) throw new Error("team");
    teamId = team.id;
  });

  /** The link only exists in the queued email. */
  async function linkSentTo(email: string): Promise<string> {
    const [row] = await db.query<{ payload: { props: { token: string } } }>(sql`
      select payload from outbox where company_id = ${admin.companyId} and payload->>'to' = ${email}
       order by created_at desc, id desc limit 1`);
    return row!.payload.props.token;
  }

  it("queue an email with a single-use link; a new person joins with the role and teams", async () => {
    const email = `new-${Date.now()}@example.test`;
    expect(await as(admin, (tx) => createInvitation(tx, { email, role: "manager", teamIds: [teamId] }, context.billing))).toMatchObject({ ok: true });
    const token = await linkSentTo(email);
    expect(await context.auth.accounts.findInvitation(token)).toMatchObject({ state: "open", email, role: "manager", hasAccount: false });

    const accepted = await context.auth.accounts.acceptInvitation(token, { name: "New Person", password: "plum-orbit-kettle" });
    expect(accepted).toMatchObject({ ok: true });
    const userId = accepted.ok ? accepted.userId : "";
    const [membership] = await db.query(sql`select role, status from memberships where company_id = ${admin.companyId} and user_id = ${userId}`);
    expect(membership).toEqual({ role: "manager", status: "active" });
    const teams = await db.query(sql`select team_id from team_members where company_id = ${admin.companyId} and user_id = ${userId}`);
    expect(teams).toEqual([{ team_id: teamId }]);

    expect(await context.auth.accounts.acceptInvitation(token, { name: "Again", password: "plum-orbit-kettle" })).toEqual({ ok: false, reason: "accepted" });
  });

  it("let someone with an account join while signed in as the invited email only", async () => {
    const existing = await context.auth.accounts.signUp({ name: "Has Account", email: `has-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Own Co" });
    const stranger = await context.auth.accounts.signUp({ name: "Stranger", email: `stranger-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Stranger Co" });
    if (!existing.ok || !stranger.ok) throw new Error("sign-up");
    await as(admin, (tx) => createInvitation(tx, { email: existing.user.email.toUpperCase(), role: "employee", teamIds: [] }, context.billing));
    const token = await linkSentTo(existing.user.email.toUpperCase());
    expect(await context.auth.accounts.findInvitation(token)).toMatchObject({ hasAccount: true });
    expect(await context.auth.accounts.acceptInvitation(token, { userId: stranger.user.id })).toEqual({ ok: false, reason: "wrong-account" });
    expect(await context.auth.accounts.acceptInvitation(token, { name: "Impostor", password: "plum-orbit-kettle" })).toEqual({ ok: false, reason: "account-exists" });
    expect(await context.auth.accounts.acceptInvitation(token, { userId: existing.user.id })).toMatchObject({ ok: true });
    expect((await context.auth.accounts.listMemberships(existing.user.id)).map((m) => m.name).sort()).toEqual(["Inviting Co", "Own Co"]);
  });

  it("refuse duplicates: people already in, and addresses already invited", async () => {
    const email = `twice-${Date.now()}@example.test`;
    await as(admin, (tx) => createInvitation(tx, { email, role: "employee", teamIds: [] }, context.billing));
    expect(await as(admin, (tx) => createInvitation(tx, { email, role: "finance", teamIds: [] }, context.billing))).toMatchObject({ ok: false, field: "email", message: /open invitation/ });
    const [me] = await db.query<{ email: string }>(sql`select email from users where id = ${admin.userId}`);
    expect(await as(admin, (tx) => createInvitation(tx, { email: me!.email, role: "finance", teamIds: [] }, context.billing))).toMatchObject({ ok: false, message: /already a member/ });
  });

  it("resending replaces the link; revoking and expiry kill it", async () => {
    const email = `resend-${Date.now()}@example.test`;
    const created = await as(admin, (tx) => createInvitation(tx, { email, role: "employee", teamIds: [] }, context.billing));
    const firstLink = await linkSentTo(email);
    const id = created.ok ? created.id : "";
    expect(await as(admin, (tx) => resendInvitation(tx, id, context.billing))).toEqual({ ok: true });
    const secondLink = await linkSentTo(email);
    expect(secondLink).not.toBe(firstLink);
    expect((await context.auth.accounts.findInvitation(firstLink)).state).toBe("unknown");

    await db.query(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${id}`);
    expect((await context.auth.accounts.findInvitation(secondLink)).state).toBe("expired");
    expect(await context.auth.accounts.acceptInvitation(secondLink, { name: "Late", password: "plum-orbit-kettle" })).toEqual({ ok: false, reason: "expired" });

    expect(await as(admin, (tx) => revokeInvitation(tx, id))).toBe(true);
    expect((await context.auth.accounts.findInvitation(secondLink)).state).toBe("revoked");
  });

  it("can't be managed by a manager (the database refuses, not only the page)", async () => {
    const manager = await createMember(db, admin.companyId, "manager");
    await expect(as(manager, (tx) => createInvitation(tx, { email: `m-${Date.now()}@example.test`, role: "employee", teamIds: [] }, context.billing))).rejects.toMatchObject({ code: "42501" });
    await expect(as(manager, (tx) => putTeamMember(tx, teamId, manager.userId, true))).rejects.toMatchObject({ code: "42501" });
  });
});
