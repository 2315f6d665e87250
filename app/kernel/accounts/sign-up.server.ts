import { generateToken, hashToken } from "./tokens.server";
import { setAuditContext, type AuditRequest } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { OwnerTransaction, Queryable } from "../../../db/types";
import { type AccountDeps, type SignedInUser, signUpRequestLifetimeHours } from "./account-deps.server";

/**
 * Sign-up: a request confirmed by email, then the account, its company and its owner.
 *
 * Part of the pre-tenant module (DESIGN.md tenancy rule 4): it runs on the owner
 * connection, which RLS does not restrict, before a company is known. Every query is
 * therefore keyed explicitly by the user, token or company it serves.
 */

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || "company";
}

async function insertCompanyWithFreeSlug(tx: OwnerTransaction, name: string): Promise<{ id: string; slug: string }> {
  const base = slugify(name);
  for (let attempt = 1; ; attempt++) {
    // Past a handful of namesakes, a random suffix ends the search at once.
    const suffix = attempt === 1 ? "" : attempt <= 5 ? `-${attempt}` : `-${generateToken().slice(0, 6).toLowerCase()}`;
    const slug = `${base}${suffix}`.replace(/[^a-z0-9-]/g, "x");
    const [row] = await tx.query<{ id: string; slug: string }>(sql`
      insert into companies (name, slug) values (${name}, ${slug})
      on conflict (slug) do nothing
      returning id, slug`);
    if (row) return row;
  }
}

export type SignUpResult =
  | { ok: true; user: SignedInUser; companySlug: string }
  | { ok: false; field: "email"; message: string };

export interface NewAccount {
  name: string;
  email: string;
  /** Already hashed: a confirmed sign-up hashed it when the form was sent. */
  passwordHash: string;
  companyName: string;
}

/** A person, their company and their owner membership, inside the caller's transaction. */
async function createAccount(tx: OwnerTransaction, account: NewAccount, request?: AuditRequest): Promise<SignUpResult> {
  const [user] = await tx.query<SignedInUser>(sql`
    insert into users (email, name, password_hash) values (${account.email}, ${account.name}, ${account.passwordHash})
    on conflict (lower(email)) do nothing
    returning id, name, email`);
  if (!user) {
    return { ok: false, field: "email", message: "An account with this email exists already. Sign in instead." };
  }
  // The new company's first audit entries are the new person's.
  await setAuditContext(tx, { request, actor: { kind: "person", id: user.id, name: user.name } });
  const company = await insertCompanyWithFreeSlug(tx, account.companyName);
  await tx.query(sql`
    insert into memberships (company_id, user_id, role, last_active_at)
    values (${company.id}, ${user.id}, 'owner', now())`);
  return { ok: true, user, companySlug: company.slug };
}

/**
 * A person, their company and their owner membership at once, all or nothing. The
 * sign-up page goes through requestSignUp and confirmSignUp instead; this is for
 * callers that know the address is theirs (tests that need a company).
 */
export async function signUp(
  deps: AccountDeps,
  input: { name: string; email: string; password: string; companyName: string },
  request?: AuditRequest,
): Promise<SignUpResult> {
  const { password, ...account } = input;
  const passwordHash = await deps.hasher.hash(password);
  return deps.db.transaction((tx) => createAccount(tx, { ...account, passwordHash }, request));
}

/**
 * Start a sign-up. Resolves the same way, after the same hashing, whether or not
 * the email has an account: a new address gets a confirmation link and nothing
 * else is created until it is opened; an address with an account gets a notice
 * pointing to sign-in and reset instead. The caller shows one answer for both.
 */
export async function requestSignUp(
  deps: AccountDeps,
  input: { name: string; email: string; password: string; companyName: string },
): Promise<void> {
  const passwordHash = await deps.hasher.hash(input.password);
  await deps.db.transaction(async (tx) => {
    const [existing] = await tx.query<SignedInUser>(
      sql`select id, name, email from users where lower(email) = lower(${input.email})`,
    );
    if (existing) {
      await deps.queueSignUpEmail(tx, { kind: "existing-account", to: existing.email, name: existing.name });
      return;
    }
    const token = generateToken();
    const [pending] = await tx.query<{ expires_at: Date }>(sql`
      insert into signup_requests (token_hash, email, name, company_name, password_hash, expires_at)
      values (${hashToken(token)}, ${input.email}, ${input.name}, ${input.companyName}, ${passwordHash},
              now() + make_interval(hours => ${signUpRequestLifetimeHours}))
      returning expires_at`);
    await deps.queueSignUpEmail(tx, {
      kind: "confirmation",
      to: input.email,
      token,
      expiresAt: pending!.expires_at,
    });
  });
}

export type SignUpRequestState = "valid" | "expired" | "used" | "unknown" | "account-exists";

export interface SignUpRequestPreview {
  state: SignUpRequestState;
  /** What the form said, shown to the person confirming; only while the link can be used. */
  details?: { name: string; email: string; companyName: string };
}

async function signUpRequestPreview(q: Queryable, token: string): Promise<SignUpRequestPreview> {
  const [row] = await q.query<{ name: string; email: string; companyName: string; used: boolean; expired: boolean; taken: boolean }>(sql`
    select r.name, r.email, r.company_name as "companyName",
           r.used_at is not null as used, r.expires_at <= now() as expired,
           exists (select 1 from users u where lower(u.email) = lower(r.email)) as taken
      from signup_requests r where r.token_hash = ${hashToken(token)}`);
  if (!row) return { state: "unknown" };
  if (row.used) return { state: "used" };
  if (row.expired) return { state: "expired" };
  // Only the address's owner receives the link, so saying it is taken tells no one else.
  if (row.taken) return { state: "account-exists" };
  return { state: "valid", details: { name: row.name, email: row.email, companyName: row.companyName } };
}

export function findSignUpRequest(deps: AccountDeps, token: string): Promise<SignUpRequestPreview> {
  return signUpRequestPreview(deps.db, token);
}

export type ConfirmSignUpResult =
  | { ok: true; user: SignedInUser; companySlug: string }
  | { ok: false; reason: Exclude<SignUpRequestState, "valid"> };

/**
 * Create the account a confirmation link stands for: single use (a conditional
 * claim, so two tabs can't both create it), and it voids the address's other open
 * links. If the address got an account meanwhile (an invitation accepted), nothing
 * is created and the link is spent.
 */
export async function confirmSignUp(deps: AccountDeps, token: string, request?: AuditRequest): Promise<ConfirmSignUpResult> {
  return deps.db.transaction(async (tx) => {
    const [claimed] = await tx.query<NewAccount>(sql`
      update signup_requests set used_at = now()
       where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
       returning name, email, company_name as "companyName", password_hash as "passwordHash"`);
    if (!claimed) {
      const { state } = await signUpRequestPreview(tx, token);
      return { ok: false, reason: state === "valid" ? "used" : state };
    }
    await tx.query(sql`update signup_requests set used_at = now() where lower(email) = lower(${claimed.email}) and used_at is null`);
    const created = await createAccount(tx, claimed, request);
    return created.ok ? created : { ok: false, reason: "account-exists" };
  });
}

/**
 * The person whose email and password these are, or null. Unknown emails cost the
 * same hashing time as wrong passwords (see PasswordHasher.verify).
 */
