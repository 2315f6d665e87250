import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import type { AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { Queryable } from "../../../db/types";
import type { AccountDeps } from "./account-deps.server";
import { noteSignInMethodChange } from "./account-events.server";
import { hashToken } from "./tokens.server";

/**
 * Two-factor authentication with a TOTP app (RFC 6238; decision 044): the seed sealed
 * with SECRETS_KEY, ten single-use recovery codes kept as hashes, and a code accepted
 * at most once, within one 30-second step either side of now.
 *
 * Part of the pre-tenant module (DESIGN.md tenancy rule 4): a person's second factor
 * belongs to them, not to any company, and is checked before a session exists.
 */

const issuer = "Hourbook";
const period = 30;
/** One step either side of now: a phone's clock a little off, or a code typed as it turns. */
const window = 1;
export const recoveryCodeCount = 10;

function totpFor(secret: Secret, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period, secret });
}

/** A code as people type it: spaces and dashes are theirs, not the code's. */
function normalise(code: string): string {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

const totpPattern = /^\d{6}$/;
const recoveryPattern = /^[a-z2-7]{10}$/;

/** Ten codes of 50 random bits each, written as two groups of five base32 letters. */
function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from({ length: recoveryCodeCount }, () => {
    const letters = [...randomBytes(10)].map((byte) => alphabet[byte & 31]).join("");
    return `${letters.slice(0, 5)}-${letters.slice(5)}`;
  });
}

async function replaceRecoveryCodes(tx: Queryable, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.query(sql`delete from two_factor_recovery_codes where user_id = ${userId}`);
  await tx.query(sql`
    insert into two_factor_recovery_codes (user_id, code_hash)
    select ${userId}, unnest(${codes.map((code) => hashToken(normalise(code)))}::text[])`);
  return codes;
}

interface SeedRow {
  secret_sealed: string;
  confirmed: boolean;
  last_used_step: string | null;
}

async function seedOf(q: Queryable, userId: string, lock = false): Promise<SeedRow | null> {
  const [row] = await q.query<SeedRow>(
    lock
      ? sql`select secret_sealed, confirmed_at is not null as confirmed, last_used_step::text
              from two_factor_seeds where user_id = ${userId} for update`
      : sql`select secret_sealed, confirmed_at is not null as confirmed, last_used_step::text
              from two_factor_seeds where user_id = ${userId}`,
  );
  return row ?? null;
}

/**
 * The step of a code that matches the seed and is newer than the last one used, or
 * null. Comparing steps, not codes, also refuses an older code that was never used
 * once a newer one has been: a code seen over someone's shoulder is spent either way.
 */
function acceptedStep(deps: AccountDeps, seed: SeedRow, code: string, now: number): number | null {
  const totp = totpFor(Secret.fromBase32(deps.secrets.open(seed.secret_sealed)), "");
  const delta = totp.validate({ token: code, timestamp: now, window });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: now }) + delta;
  return seed.last_used_step !== null && step <= Number(seed.last_used_step) ? null : step;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(deps: AccountDeps, userId: string): Promise<TwoFactorStatus> {
  const [row] = await deps.db.query<{ enabled_at: Date | null; left: number }>(sql`
    select (select confirmed_at from two_factor_seeds where user_id = ${userId}) as enabled_at,
           (select count(*)::int from two_factor_recovery_codes where user_id = ${userId} and used_at is null) as left`);
  return { enabled: Boolean(row?.enabled_at), enabledAt: row?.enabled_at ?? null, recoveryCodesLeft: row?.left ?? 0 };
}

export interface TwoFactorSetup {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI the QR code carries. */
  uri: string;
}

/**
 * A new seed waiting to be confirmed, or the one already waiting (so reloading the
 * setup page doesn't invalidate the QR code just scanned). Refused when two-factor
 * is on: a new seed then goes through turning it off first.
 */
export async function startTwoFactorSetup(
  deps: AccountDeps,
  user: { id: string; email: string },
): Promise<{ ok: true; setup: TwoFactorSetup } | { ok: false; message: string }> {
  return deps.db.transaction(async (tx) => {
    const existing = await seedOf(tx, user.id, true);
    if (existing?.confirmed) return { ok: false, message: "Two-factor authentication is already on." };
    let secret: Secret;
    if (existing) {
      secret = Secret.fromBase32(deps.secrets.open(existing.secret_sealed));
    } else {
      secret = new Secret({ size: 20 });
      await tx.query(sql`
        insert into two_factor_seeds (user_id, secret_sealed) values (${user.id}, ${deps.secrets.seal(secret.base32)})`);
    }
    return { ok: true, setup: { secret: secret.base32, uri: totpFor(secret, user.email).toString() } };
  });
}

export type CodeRefusal = { ok: false; field: "code"; message: string };

const wrongCode: CodeRefusal = { ok: false, field: "code", message: "That code didn't work. Enter the current code from your app." };

/** Turn two-factor on with a code from the new seed; the recovery codes come back once, to be shown once. */
export async function confirmTwoFactorSetup(
  deps: AccountDeps,
  input: { userId: string; code: string; request?: AuditRequest },
  now = Date.now(),
): Promise<{ ok: true; recoveryCodes: string[] } | CodeRefusal> {
  const code = normalise(input.code);
  return deps.db.transaction(async (tx) => {
    const seed = await seedOf(tx, input.userId, true);
    if (!seed || seed.confirmed) return { ok: false, field: "code", message: "Start the setup again: it is no longer waiting for a code." };
    const step = totpPattern.test(code) ? acceptedStep(deps, seed, code, now) : null;
    if (step === null) return wrongCode;
    await tx.query(sql`
      update two_factor_seeds set confirmed_at = now(), last_used_step = ${step} where user_id = ${input.userId}`);
    const recoveryCodes = await replaceRecoveryCodes(tx, input.userId);
    await noteSignInMethodChange(deps, tx, { userId: input.userId, action: "two_factor.enabled", change: "two-factor-enabled", request: input.request });
    return { ok: true, recoveryCodes };
  });
}

export type SecondFactor = "totp" | "recovery-code";

/**
 * Check a code at sign-in or before a sensitive change: a TOTP code (never one whose
 * step was already used) or an unused recovery code, which is spent. null for
 * anything else, with no hint of why.
 */
export async function verifySecondFactor(
  deps: AccountDeps,
  input: { userId: string; code: string; request?: AuditRequest },
  now = Date.now(),
): Promise<SecondFactor | null> {
  const code = normalise(input.code);
  if (totpPattern.test(code)) {
    return deps.db.transaction(async (tx) => {
      // Locked, so two requests with the same code can't both pass the step check.
      const seed = await seedOf(tx, input.userId, true);
      if (!seed?.confirmed) return null;
      const step = acceptedStep(deps, seed, code, now);
      if (step === null) return null;
      await tx.query(sql`update two_factor_seeds set last_used_step = ${step} where user_id = ${input.userId}`);
      return "totp";
    });
  }
  if (!recoveryPattern.test(code)) return null;
  return deps.db.transaction(async (tx) => {
    const [spent] = await tx.query(sql`
      update two_factor_recovery_codes set used_at = now()
       where user_id = ${input.userId} and code_hash = ${hashToken(code)} and used_at is null
         and exists (select 1 from two_factor_seeds s where s.user_id = ${input.userId} and s.confirmed_at is not null)
       returning 1`);
    if (!spent) return null;
    await noteSignInMethodChange(deps, tx, { userId: input.userId, action: "two_factor.recovery_code_used", change: "recovery-code-used", request: input.request });
    return "recovery-code";
  });
}

/** A fresh proof before a change to two-factor itself: the account's password, or a current code. */
export type FreshProof = { password: string } | { code: string };

async function proven(deps: AccountDeps, userId: string, proof: FreshProof, request?: AuditRequest): Promise<boolean> {
  if ("code" in proof) return (await verifySecondFactor(deps, { userId, code: proof.code, request })) !== null;
  const [row] = await deps.db.query<{ password_hash: string | null }>(sql`select password_hash from users where id = ${userId}`);
  return deps.hasher.verify(proof.password, row?.password_hash ?? null);
}

export type ProofRefusal = { ok: false; field: "password" | "code"; message: string };

function refusalFor(proof: FreshProof): ProofRefusal {
  return "code" in proof ? wrongCode : { ok: false, field: "password", message: "That is not your password" };
}

export async function disableTwoFactor(
  deps: AccountDeps,
  input: { userId: string; proof: FreshProof; request?: AuditRequest },
): Promise<{ ok: true } | ProofRefusal> {
  if (!(await proven(deps, input.userId, input.proof, input.request))) return refusalFor(input.proof);
  await deps.db.transaction(async (tx) => {
    await tx.query(sql`delete from two_factor_recovery_codes where user_id = ${input.userId}`);
    const removed = await tx.query(sql`delete from two_factor_seeds where user_id = ${input.userId} and confirmed_at is not null returning 1`);
    if (removed.length) await noteSignInMethodChange(deps, tx, { userId: input.userId, action: "two_factor.disabled", change: "two-factor-disabled", request: input.request });
  });
  return { ok: true };
}

export async function regenerateRecoveryCodes(
  deps: AccountDeps,
  input: { userId: string; proof: FreshProof; request?: AuditRequest },
): Promise<{ ok: true; recoveryCodes: string[] } | ProofRefusal | { ok: false; field: "form"; message: string }> {
  if (!(await twoFactorStatus(deps, input.userId)).enabled) {
    return { ok: false, field: "form", message: "Turn on two-factor authentication first." };
  }
  if (!(await proven(deps, input.userId, input.proof, input.request))) return refusalFor(input.proof);
  return deps.db.transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, input.userId);
    await noteSignInMethodChange(deps, tx, { userId: input.userId, action: "two_factor.recovery_codes_regenerated", change: "recovery-codes-regenerated", request: input.request });
    return { ok: true as const, recoveryCodes };
  });
}
