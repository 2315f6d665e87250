import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { testLogger } from "../testing/helpers";
import { createWarnExpiringApiTokensProcessor } from "./warn-expiring-api-tokens";

/** warn-expiring-api-tokens on both backends: one email per token a week ahead, however often it runs. */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

let runs = 0;
const run = () => {
  runs += 1;
  const processor = createWarnExpiringApiTokensProcessor({ db, logger: testLogger });
  return processor({ id: `warn-${runs}`, name: "warn-expiring-api-tokens", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 });
};

/** A company with its owner (the job acts as one) and a member to hold the tokens. */
async function companyWith(role: "owner" | "employee") {
  const companyId = await createCompany(db, "Token company");
  const owner = await createMember(db, companyId, "owner");
  const person = role === "owner" ? owner : await createMember(db, companyId, role);
  return { companyId, person };
}

async function tokenExpiringIn(companyId: string, userId: string, days: number, name: string, revoked = false): Promise<void> {
  await db.query(sql`
    insert into api_tokens (company_id, user_id, name, scopes, token_hash, display_prefix, created_at, expires_at, revoked_at)
    values (${companyId}, ${userId}, ${name}, array['teams:read'], ${randomBytes(32).toString("hex")}, 'hb_pat_abcde',
            now() - interval '80 days', now() + make_interval(days => ${days}), ${revoked ? sql`now()` : null})`);
}

async function warningsSent(companyId: string) {
  return db.query<{ to: string; props: Record<string, unknown> }>(sql`
    select payload ->> 'to' as "to", payload -> 'props' as props from outbox
     where company_id = ${companyId} and payload ->> 'template' = 'api-token-expiring'
     order by payload -> 'props' ->> 'tokenName'`);
}

describe("warn-expiring-api-tokens", () => {
  it("emails a token's person once, 7 days ahead, across runs; not a token expiring later, nor a revoked one", async () => {
    const { companyId, person } = await companyWith("employee");
    await tokenExpiringIn(companyId, person.userId, 6, "Payroll sync");
    await tokenExpiringIn(companyId, person.userId, 30, "Later");
    await tokenExpiringIn(companyId, person.userId, 6, "Revoked", true);

    await run();
    await run();

    const [user] = await db.query<{ email: string }>(sql`select email from users where id = ${person.userId}`);
    const sent = await warningsSent(companyId);
    expect(sent).toEqual([{ to: user!.email, props: expect.objectContaining({ tokenName: "Payroll sync", displayPrefix: "hb_pat_abcde" }) }]);
    const [warned] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from api_tokens where company_id = ${companyId} and expiry_warned_at is not null`);
    expect(warned!.count).toBe(1);
  });

  it("sends nothing twice when two runs go at once", async () => {
    const { companyId, person } = await companyWith("owner");
    await tokenExpiringIn(companyId, person.userId, 2, "Deploy bot");

    await Promise.all([run(), run()]);

    expect(await warningsSent(companyId)).toHaveLength(1);
  });

  it("warns nobody whose membership is no longer active: their tokens stopped working already", async () => {
    const { companyId, person } = await companyWith("employee");
    await tokenExpiringIn(companyId, person.userId, 3, "Old script");
    await db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${person.userId}`);

    await run();

    expect(await warningsSent(companyId)).toEqual([]);
  });
});
