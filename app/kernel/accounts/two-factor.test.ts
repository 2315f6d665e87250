import type { AppLoadContext } from "@remix-run/node";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "~/testing/context";
import { latestAccountEmail } from "~/testing/account-mail";
import { createApiToken } from "~/kernel/api-tokens/api-tokens.server";
import { setTwoFactorRequirement } from "~/kernel/company/company.server";
import { sql } from "../../../db/sql";
import { createCompany, createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import type { TenantContext } from "../../../db/tenant";

/**
 * Two-factor authentication against a real database: setup and confirmation, codes
 * within the ±1 step window and never twice, recovery codes once each, turning it
 * off with a fresh proof, what is recorded and mailed, and the company requirement
 * as both doors (a session's membership, an API token) read it.
 */
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
let people = 0;

async function person(): Promise<{ id: string; email: string }> {
  people += 1;
  const email = `two-factor-${people}-${Date.now()}@example.test`;
  const signedUp = await accounts().signUp({ name: `Person ${people}`, email, password, companyName: `Company ${people}` });
  if (!signedUp.ok) throw new Error("sign-up");
  return { id: signedUp.user.id, email };
}

/** The app's code at an instant, as a phone computes it from the key the page shows. */
const codeAt = (secret: string, timestamp: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp });

async function withTwoFactor(at = Date.now()) {
  const user = await person();
  const started = await accounts().startTwoFactorSetup(user);
  if (!started.ok) throw new Error("setup");
  const confirmed = await accounts().confirmTwoFactorSetup({ userId: user.id, code: codeAt(started.setup.secret, at) }, at);
  if (!confirmed.ok) throw new Error("confirm");
  return { user, secret: started.setup.secret, recoveryCodes: confirmed.recoveryCodes };
}

const events = (userId: string) =>
  db.query<{ action: string }>(sql`select action from account_events where user_id = ${userId} order by occurred_at, action`).then((rows) =>
    rows.map((row) => row.action),
  );

describe("setting up two-factor", () => {
  it("offers an otpauth URI for the account, keeps the seed sealed, and shows the same seed until confirmed", async () => {
    const user = await person();
    const first = await accounts().startTwoFactorSetup(user);
    const again = await accounts().startTwoFactorSetup(user);
    if (!first.ok || !again.ok) throw new Error("setup");
    expect(again.setup.secret).toBe(first.setup.secret);
    expect(first.setup.uri).toMatch(/^otpauth:\/\/totp\/Hourbook:/);
    expect(first.setup.uri).toContain(`secret=${first.setup.secret}`);
    const [row] = await db.query<{ secret_sealed: string }>(sql`select secret_sealed from two_factor_seeds where user_id = ${user.id}`);
    expect(row!.secret_sealed).not.toContain(first.setup.secret);
    expect(context.secrets.open(row!.secret_sealed)).toBe(first.setup.secret);
    // Were the column ever audited, the log's redaction by name would hide it.
    const [audited] = await db.query<{ shown: unknown }>(sql`select audit_redact('secret_sealed', to_jsonb(${row!.secret_sealed}::text)) as shown`);
    expect(audited!.shown).toBe("[redacted]");
    expect((await accounts().twoFactorStatus(user.id)).enabled).toBe(false);
  });

  it("turns on only with a right code, then gives ten distinct recovery codes stored as hashes, records it and mails the person", async () => {
    const user = await person();
    const started = await accounts().startTwoFactorSetup(user);
    if (!started.ok) throw new Error("setup");
    const now = Date.now();
    const wrong = await accounts().confirmTwoFactorSetup({ userId: user.id, code: "000000" === codeAt(started.setup.secret, now) ? "111111" : "000000" }, now);
    expect(wrong).toMatchObject({ ok: false, field: "code" });
    expect(await accounts().hasSecondFactor(user.id)).toBe(false);

    const confirmed = await accounts().confirmTwoFactorSetup({ userId: user.id, code: codeAt(started.setup.secret, now) }, now);
    if (!confirmed.ok) throw new Error("confirm");
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    const stored = await db.query<{ code_hash: string }>(sql`select code_hash from two_factor_recovery_codes where user_id = ${user.id}`);
    expect(stored).toHaveLength(10);
    expect(stored.map((row) => row.code_hash)).not.toContain(confirmed.recoveryCodes[0]);
    expect(await accounts().hasSecondFactor(user.id)).toBe(true);
    expect(await accounts().startTwoFactorSetup(user)).toMatchObject({ ok: false });
    expect(await events(user.id)).toContain("two_factor.enabled");
    expect(await latestAccountEmail(db, user.email)).toMatchObject({ template: "sign-in-method-changed" });
  });
});

describe("checking a code", () => {
  it("accepts a code from one step either side of now, refuses two steps away", async () => {
    const now = Date.now();
    const { user, secret } = await withTwoFactor(now - 10 * 60_000);
    expect(await accounts().verifySecondFactor({ userId: user.id, code: codeAt(secret, now - 2 * 30_000) }, now)).toBeNull();
    expect(await accounts().verifySecondFactor({ userId: user.id, code: codeAt(secret, now - 30_000) }, now)).toBe("totp");
    // The step after the one just used is still new.
    expect(await accounts().verifySecondFactor({ userId: user.id, code: codeAt(secret, now + 30_000) }, now)).toBe("totp");
  });

  it("never accepts a code twice, nor an older one once a newer was used", async () => {
    const now = Date.now();
    const { user, secret } = await withTwoFactor(now - 10 * 60_000);
    const code = codeAt(secret, now);
    expect(await accounts().verifySecondFactor({ userId: user.id, code }, now)).toBe("totp");
    expect(await accounts().verifySecondFactor({ userId: user.id, code }, now)).toBeNull();
    expect(await accounts().verifySecondFactor({ userId: user.id, code: codeAt(secret, now - 30_000) }, now)).toBeNull();
  });

  it("refuses the code used to confirm the setup at sign-in", async () => {
    const now = Date.now();
    const { user, secret } = await withTwoFactor(now);
    expect(await accounts().verifySecondFactor({ userId: user.id, code: codeAt(secret, now) }, now)).toBeNull();
  });

  it("accepts each recovery code once, typed in any case and spacing, and records and mails its use", async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    const [first, second] = recoveryCodes;
    expect(await accounts().verifySecondFactor({ userId: user.id, code: ` ${first!.toUpperCase().replace("-", " ")} ` })).toBe("recovery-code");
    expect(await accounts().verifySecondFactor({ userId: user.id, code: first! })).toBeNull();
    expect(await accounts().verifySecondFactor({ userId: user.id, code: second! })).toBe("recovery-code");
    expect((await accounts().twoFactorStatus(user.id)).recoveryCodesLeft).toBe(8);
    expect((await events(user.id)).filter((action) => action === "two_factor.recovery_code_used")).toHaveLength(2);
    expect(await latestAccountEmail(db, user.email)).toMatchObject({ template: "sign-in-method-changed" });
  });

  it("refuses another person's recovery code and anything that is not a code", async () => {
    const alice = await withTwoFactor();
    const bob = await withTwoFactor();
    expect(await accounts().verifySecondFactor({ userId: bob.user.id, code: alice.recoveryCodes[0]! })).toBeNull();
    for (const junk of ["", "12345", "1234567", "'; drop table users; --", "x".repeat(500)]) {
      expect(await accounts().verifySecondFactor({ userId: bob.user.id, code: junk })).toBeNull();
    }
  });
});

describe("changing two-factor", () => {
  it("makes new recovery codes only with a fresh proof, and the old ones stop working", async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    expect(await accounts().regenerateRecoveryCodes({ userId: user.id, proof: { password: "not-my-password" } })).toMatchObject({
      ok: false,
      field: "password",
    });
    const fresh = await accounts().regenerateRecoveryCodes({ userId: user.id, proof: { password } });
    if (!fresh.ok) throw new Error("regenerate");
    expect(await accounts().verifySecondFactor({ userId: user.id, code: recoveryCodes[0]! })).toBeNull();
    expect(await accounts().verifySecondFactor({ userId: user.id, code: fresh.recoveryCodes[0]! })).toBe("recovery-code");
    expect(await events(user.id)).toContain("two_factor.recovery_codes_regenerated");
  });

  it("turns off with the password or a current code, not with a wrong one, and says so by email", async () => {
    const now = Date.now();
    const { user, secret } = await withTwoFactor(now - 10 * 60_000);
    expect(await accounts().disableTwoFactor({ userId: user.id, proof: { code: "000000" } })).toMatchObject({ ok: false, field: "code" });
    expect(await accounts().hasSecondFactor(user.id)).toBe(true);
    expect(await accounts().disableTwoFactor({ userId: user.id, proof: { code: codeAt(secret, Date.now()) } })).toEqual({ ok: true });
    expect(await accounts().hasSecondFactor(user.id)).toBe(false);
    expect(await db.query(sql`select 1 from two_factor_recovery_codes where user_id = ${user.id}`)).toEqual([]);
    expect(await events(user.id)).toContain("two_factor.disabled");

    const other = await withTwoFactor();
    expect(await accounts().disableTwoFactor({ userId: other.user.id, proof: { password } })).toEqual({ ok: true });
    expect(await accounts().hasSecondFactor(other.user.id)).toBe(false);
  });
});

describe("a company that requires two-factor", () => {
  let companyId: string;
  let slug: string;
  let owner: TenantContext;
  let employee: TenantContext;

  beforeAll(async () => {
    companyId = await createCompany(db, "Strict Co");
    [{ slug }] = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`)) as [{ slug: string }];
    owner = await createMember(db, companyId, "owner");
    employee = await createMember(db, companyId, "admin");
  });

  it("can be required by an owner only: the database refuses an admin", async () => {
    await expect(context.withTenant(employee, (tx) => setTwoFactorRequirement(tx, true))).rejects.toThrow(/only owners/);
    await context.withTenant(owner, (tx) => setTwoFactorRequirement(tx, true));
  });

  it("marks the membership of a member without two-factor, for pages and API tokens alike, until they set it up", async () => {
    const token = await context.withTenant(employee, (tx) => createApiToken(tx, { name: "Script", scopes: ["teams:read"], lifetimeDays: 30 }));
    expect((await accounts().findMembership(employee.userId, slug))?.twoFactorSetupDue).toBe(true);
    expect((await accounts().findApiTokenHolder(token.token, null))?.membership.twoFactorSetupDue).toBe(true);

    const [user] = await db.query<{ email: string }>(sql`select email from users where id = ${employee.userId}`);
    const started = await accounts().startTwoFactorSetup({ id: employee.userId, email: user!.email });
    if (!started.ok) throw new Error("setup");
    expect((await accounts().findMembership(employee.userId, slug))?.twoFactorSetupDue).toBe(true);
    await accounts().confirmTwoFactorSetup({ userId: employee.userId, code: codeAt(started.setup.secret, Date.now()) });
    expect((await accounts().findMembership(employee.userId, slug))?.twoFactorSetupDue).toBe(false);
    expect((await accounts().findApiTokenHolder(token.token, null))?.membership.twoFactorSetupDue).toBe(false);
  });

  it("binds only its own members: the same person in another company is not asked", async () => {
    const elsewhere = await createCompany(db, "Relaxed Co");
    const [{ slug: relaxed }] = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${elsewhere}`)) as [{ slug: string }];
    await db.query(sql`insert into memberships (company_id, user_id, role) values (${elsewhere}, ${owner.userId}, 'owner')`);
    expect((await accounts().findMembership(owner.userId, slug))?.twoFactorSetupDue).toBe(true);
    expect((await accounts().findMembership(owner.userId, relaxed))?.twoFactorSetupDue).toBe(false);
  });
});
