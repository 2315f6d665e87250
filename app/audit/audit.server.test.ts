import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext } from "../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { loader as auditLoader } from "~/routes/c.$company.audit._index";
import { loader as settingsLoader } from "~/routes/c.$company.settings";
import { listAuditEntries, type AuditEntry } from "./audit.server";
import { updateCompanySettings } from "../kernel/company/company.server";
import { createInvitation, revokeInvitation } from "../kernel/members/invitations.server";
import { changeMemberRole, setMemberStatus } from "../kernel/members/members.server";
import { createTeam, putTeamMember, setTeamArchived } from "../kernel/teams/teams.server";

/** What each kind of change in the product leaves in the audit log, read as the page reads it. */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let owner: TenantContext;
let employee: TenantContext;
let slug: string;
let ownerToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const signedUp = await context.auth.accounts.signUp(
    { name: "Olivia Owner", email: `olivia-${Date.now()}@example.test`, password: "plum-orbit-kettle", companyName: "Ledger Ltd" },
    { requestId: "signup-req", ip: "203.0.113.5", userAgent: "Signup/1.0" },
  );
  if (!signedUp.ok) throw new Error("sign-up failed");
  slug = signedUp.companySlug;
  const [company] = await db.query<{ id: string }>(sql`select id from companies where slug = ${slug}`);
  owner = { companyId: company!.id, userId: signedUp.user.id, role: "owner" };
  const [person] = await db.query<{ id: string }>(sql`insert into users (email, name) values ('emil@example.test', 'Emil') returning id`);
  await db.query(sql`insert into memberships (company_id, user_id, role) values (${owner.companyId}, ${person!.id}, 'employee')`);
  employee = { companyId: owner.companyId, userId: person!.id, role: "employee" };
  ownerToken = await context.auth.accounts.createSession(owner.userId, { ip: null, userAgent: null });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const newest = () => context.withTenant(owner, (tx) => listAuditEntries(tx, {}, { limit: 1 })).then((rows) => rows[0]);

async function onlyNewEntries(work: () => Promise<unknown>): Promise<AuditEntry[]> {
  const before = (await newest())?.seq ?? 0;
  await work();
  const entries = await context.withTenant(owner, (tx) => listAuditEntries(tx, {}, { limit: 100 }));
  return entries.filter((e) => e.seq > before).reverse();
}

describe("each kind of change writes exactly one entry", () => {
  it("sign-up: the company and the owner membership, by the new person, from their request", async () => {
    const entries = await context.withTenant(owner, (tx) => listAuditEntries(tx, { actorId: owner.userId, action: "company" }));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "company.create",
      actorKind: "person",
      actorName: "Olivia Owner",
      ip: "203.0.113.5",
      requestId: "signup-req",
      changes: expect.objectContaining({ name: { old: null, new: "Ledger Ltd" } }),
    });
  });

  const cases: [string, () => Promise<unknown>, string, Record<string, unknown>][] = [
    ["role change", () => context.withTenant(owner, (tx) => changeMemberRole(tx, employee.userId, "manager")), "member.role_change", { role: { old: "employee", new: "manager" } }],
    ["deactivation", () => context.withTenant(owner, (tx) => setMemberStatus(tx, employee.userId, "deactivated", context.billing)), "member.deactivate", { status: { old: "active", new: "deactivated" } }],
    ["reactivation", () => context.withTenant(owner, (tx) => setMemberStatus(tx, employee.userId, "active", context.billing)), "member.reactivate", { status: { old: "deactivated", new: "active" } }],
    ["team created", () => context.withTenant(owner, (tx) => createTeam(tx, "Finance")), "team.create", { name: { old: null, new: "Finance" } }],
    [
      "settings",
      () => context.withTenant(owner, (tx) => updateCompanySettings(tx, { name: "Ledger Limited", slug, timezone: "UTC", weekStart: 1, auditRetentionDays: null })),
      "company.update",
      { name: { old: "Ledger Ltd", new: "Ledger Limited" } },
    ],
  ];

  it.each(cases)("%s", async (_name, work, action, changes) => {
    const entries = await onlyNewEntries(work);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action, actorKind: "person", actorId: owner.userId, changes });
  });

  it("team membership, archiving and invitations name their actions", async () => {
    const [team] = await context.withTenant(owner, (tx) => tx.query<{ id: string }>(sql`select id from teams where name = 'Finance'`));
    const entries = await onlyNewEntries(async () => {
      await context.withTenant(owner, (tx) => putTeamMember(tx, team!.id, employee.userId, false));
      await context.withTenant(owner, (tx) => setTeamArchived(tx, team!.id, true));
      const invitation = await context.withTenant(owner, (tx) =>
        createInvitation(tx, { email: "new@ledger.example", role: "finance", teamIds: [] }, context.billing),
      );
      if (!invitation.ok) throw new Error("invitation");
      await context.withTenant(owner, (tx) => revokeInvitation(tx, invitation.id));
    });
    expect(entries.map((e) => e.action)).toEqual(["team_member.create", "team.archive", "invitation.create", "invitation.revoke"]);
    expect(entries[2]!.changes.token_hash).toEqual({ old: null, new: "[redacted]" });
  });
});

describe("the audit log page", () => {
  it("answers a reversed date range with a 400 and a message on the field", async () => {
    const request = await requestAs(context, ownerToken, `/c/${slug}/audit?from=2026-02-10&to=2026-02-01`);
    const outcome = await auditLoader({ request, params: { company: slug }, context });
    expect(statusOf(outcome)).toBe(400);
    expect((outcome as { data: { errors: Record<string, string[]> } }).data.errors.to).toEqual([
      "The end date must not be before the start date",
    ]);
  });

  it("pages newest first without gaps or repeats", async () => {
    const all = await context.withTenant(owner, (tx) => listAuditEntries(tx, {}, { limit: 1000 }));
    const paged: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await context.withTenant(owner, (tx) => listAuditEntries(tx, {}, { before, limit: 3 }));
      if (page.length === 0) break;
      paged.push(...page.map((e) => e.seq));
      before = page.at(-1)!.seq;
    }
    expect(paged).toEqual(all.map((e) => e.seq));
    expect(paged).toEqual([...paged].sort((x, y) => y - x));
  });

  it("records a refused permission, and refuses employees the log itself", async () => {
    const token = await context.auth.accounts.createSession(employee.userId, { ip: null, userAgent: null });
    const request = await requestAs(context, token, `/c/${slug}/settings`, { headers: { "User-Agent": "Refused/1.0" } });
    const outcome = await settingsLoader({ request, params: { company: slug }, context }).catch((thrown: unknown) => thrown);
    expect(statusOf(outcome)).toBe(403);
    const entry = await newest();
    expect(entry).toMatchObject({
      action: "permission.refuse",
      entityId: "company:manage-settings",
      actorId: employee.userId,
      userAgent: "Refused/1.0",
      requestId: "test-request",
      ip: "192.0.2.10",
    });
    const auditRequest = await requestAs(context, token, `/c/${slug}/audit`);
    const refused = await auditLoader({ request: auditRequest, params: { company: slug }, context }).catch((thrown: unknown) => thrown);
    expect(statusOf(refused)).toBe(403);
  });
});

describe("account events", () => {
  it("records sign-ins, failed sign-ins and sign-outs, append-only", async () => {
    const request = { requestId: "r1", ip: "198.51.100.1", userAgent: "UA" };
    await context.auth.accounts.recordAccountEvent({ action: "session.sign_in_failed", email: "nobody@example.test", request });
    const rows = await db.query<{ action: string; email: string; ip: string }>(sql`
      select action, email, ip from account_events where email = 'nobody@example.test'`);
    expect(rows).toEqual([{ action: "session.sign_in_failed", email: "nobody@example.test", ip: "198.51.100.1" }]);
    await expect(db.query(sql`delete from account_events`)).rejects.toMatchObject({ code: "42501" });
  });
});
