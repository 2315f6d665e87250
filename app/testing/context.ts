import { AsyncLocalStorage } from "node:async_hooks";
import type { AppLoadContext } from "@remix-run/node";
import { pino } from "pino";
import { createPasswordHasher } from "~/kernel/accounts/password.server";
import type { AccountDeps } from "~/kernel/accounts/account-deps.server";
import type { SeatRules } from "~/kernel/members/seats.server";
import { createSecretBox } from "~/kernel/secrets.server";
import { parseConfig } from "../../platform/config";
import { createServices, type RunningServices } from "../../server/services";
import { sql, type SqlFragment } from "../../db/sql";
import type { MemberRole, TenantContext } from "../../db/tenant";
import { createMember } from "../../db/testing/fixtures";
import type { Database, OwnerTransaction } from "../../db/types";

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
  const running: RunningServices = await createServices({ config, db: countedDatabase(db), logger, hasher: testHasher });
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

/**
 * Counts every statement a piece of work sends through the test app's services: the
 * session and token lookups before a transaction as well as the tenant transaction's
 * queries, its BEGIN and its COMMIT. Background work started elsewhere (the job
 * runner's polling) runs outside the scope and is not counted.
 */
export function countingQueries(): {
  during: <T>(work: () => Promise<T>) => Promise<T>;
  count: () => number;
  /** The queries sent more than once, by their SQL text: a page should need none. */
  repeated: () => string[];
} {
  const scope: CountingScope = { count: 0, texts: [] };
  return {
    during: (work) => countingScopes.run(scope, work),
    count: () => scope.count,
    repeated: () => [...new Set(scope.texts.filter((text, index) => scope.texts.indexOf(text) !== index))],
  };
}

interface CountingScope {
  count: number;
  texts: string[];
}

const countingScopes = new AsyncLocalStorage<CountingScope>();

function countStatement(text: string | null, statements = 1): void {
  const scope = countingScopes.getStore();
  if (!scope) return;
  scope.count += statements;
  if (text !== null) scope.texts.push(text);
}

// Compiled only while counting: benches run on the test app too.
const countQuery = (query: SqlFragment) => countingScopes.getStore() && countStatement(query.compile().text);

function countedTransaction(tx: OwnerTransaction): OwnerTransaction {
  return {
    query: (query) => (countQuery(query), tx.query(query)),
    exec: (script) => (countStatement(script), tx.exec(script)),
    savepoint: (work) => tx.savepoint((inner) => work(countedTransaction(inner))),
  };
}

/** The database as the test app's services see it, every statement counted (countingQueries). */
function countedDatabase(db: Database): Database {
  return {
    backend: db.backend,
    location: db.location,
    query: (query) => (countQuery(query), db.query(query)),
    // BEGIN and COMMIT are a statement each.
    transaction: (work) => (countStatement(null, 2), db.transaction((tx) => work(countedTransaction(tx)))),
    close: () => db.close(),
  };
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
