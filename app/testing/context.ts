import type { AppLoadContext } from "@remix-run/node";
import { pino } from "pino";
import { createPasswordHasher } from "~/kernel/accounts/password.server";
import type { AccountDeps } from "~/kernel/accounts/account-deps.server";
import type { SeatRules } from "~/kernel/members/seats.server";
import { createSecretBox } from "~/kernel/secrets.server";
import { parseConfig } from "../../platform/config";
import { createServices, type RunningServices } from "../../server/services";
import { sql } from "../../db/sql";
import type { MemberRole, TenantContext, TenantTransaction, WithTenant } from "../../db/tenant";
import { createMember } from "../../db/testing/fixtures";
import type { Database } from "../../db/types";

/** Cheap hashing for tests; the format and code path are the production ones. */
export const testHasher = createPasswordHasher({ ln: 4, r: 8, p: 1 });

/** Account dependencies that send no mail, for tests that build the account service themselves. */
export function silentAccountDeps(db: Database, seats: SeatRules): AccountDeps {
  return {
    db,
    hasher: testHasher,
    seats,
    secrets: createSecretBox("0f".repeat(32)),
    queuePasswordResetEmail: async () => undefined,
    queueSignUpEmail: async () => undefined,
    queueSecurityEmail: async () => undefined,
  };
}

export interface TestApp {
  context: (overrides?: Partial<AppLoadContext>) => AppLoadContext;
  close: () => Promise<void>;
}

/** The services a route receives, over a test database (as server/index.ts builds them). */
export async function createTestApp(db: Database, env: Record<string, string> = {}): Promise<TestApp> {
  const config = parseConfig({ NODE_ENV: "test", APP_URL: "http://hourbook.test", REDIS_URL: process.env.REDIS_URL, ...env });
  const logger = pino({ level: "silent" });
  const running: RunningServices = await createServices({ config, db, logger, hasher: testHasher });
  return {
    context: (overrides = {}) => ({
      requestId: "test-request",
      logger,
      cspNonce: "test-nonce",
      clientIp: "192.0.2.10",
      reportError: () => undefined,
      ...running.services,
      ...overrides,
    }),
    close: () => running.close(),
  };
}

/** A request carrying the session cookie, as the browser would send it. */
export async function requestAs(context: AppLoadContext, token: string, url: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  headers.set("Cookie", await context.auth.cookie.serialize(token));
  return new Request(new URL(url, "http://hourbook.test"), { ...init, headers });
}

/** The HTTP status a loader or action produced, whether it returned or threw. */
export function statusOf(outcome: unknown): number | undefined {
  if (outcome instanceof Response) return outcome.status;
  if (typeof outcome === "object" && outcome !== null && "init" in outcome) {
    const init = (outcome as { init?: { status?: number } | null }).init;
    return init?.status ?? 200;
  }
  return undefined;
}

/** A withTenant over the context's own that counts the queries run through it. */
export function countingQueries(context: AppLoadContext): { withTenant: WithTenant; count: () => number } {
  let count = 0;
  const withTenant: WithTenant = (tenant, work) =>
    context.withTenant(tenant, (tx) => {
      const counted: TenantTransaction = { ...tx, tenant: tx.tenant, query: (query) => (count++, tx.query(query)) };
      return work(counted);
    });
  return { withTenant, count: () => count };
}

/**
 * One member per key with the given role, named "<key> person" so assertions read
 * by name, each signed in (its session token alongside).
 */
export async function createSignedInMembers<Key extends string>(
  db: Database,
  context: AppLoadContext,
  companyId: string,
  roles: Record<Key, MemberRole>,
): Promise<{ people: Record<Key, TenantContext>; tokens: Record<Key, string> }> {
  const people = {} as Record<Key, TenantContext>;
  const tokens = {} as Record<Key, string>;
  for (const [key, role] of Object.entries(roles) as [Key, MemberRole][]) {
    people[key] = await createMember(db, companyId, role);
    await db.query(sql`update users set name = ${`${key} person`} where id = ${people[key].userId}`);
    tokens[key] = await context.auth.accounts.createSession(people[key].userId, { ip: null, userAgent: null });
  }
  return { people, tokens };
}
