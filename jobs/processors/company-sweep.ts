import type { AuditActor } from "../../db/audit-context";
import type { SqlFragment } from "../../db/sql";
import { withTenantInTransaction, type TenantTransaction } from "../../db/tenant";
import type { Database } from "../../db/types";
import { billingActingUser } from "../../app/billing/stripe-events.server";

/** Companies read per query by a sweep; each is then worked in its own transaction. */
export const sweepBatchSize = 200;

/**
 * Work for one company as a job: under its policies, as the admin role, with the
 * company's first active owner as the person the policies need and the job as
 * the audit actor (as the seat sync acts). Null when the company has no active
 * owner, which leaves it nobody to act as.
 */
export function actForCompany<T>(
  db: Database,
  companyId: string,
  actor: AuditActor,
  work: (tx: TenantTransaction) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (tx) => {
    const userId = await billingActingUser(tx, companyId);
    if (!userId) return null;
    return withTenantInTransaction(tx, { companyId, userId, role: "admin", actor }, work);
  });
}

/**
 * Every row `select` finds, a batch at a time in id order (keyset, so companies
 * added or removed meanwhile don't shift the pages). Reads across companies, so
 * it runs on the owner connection, as the outbox relay's reads do.
 */
export async function* companiesInBatches<Row extends { id: string }>(
  db: Database,
  select: (after: string, limit: number) => SqlFragment,
): AsyncGenerator<Row> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db.query<Row>(select(after, sweepBatchSize));
    yield* rows;
    if (rows.length < sweepBatchSize) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * Run `work` for each company, going on past a company that fails, so one
 * company's bad data (an address the mailer refuses) can't hold back every
 * company after it in the sweep. Throws after the last one when any failed, so
 * the runner retries the sweep (what was sent is recorded, so nothing goes twice)
 * and the failure shows on the operator page.
 */
export async function sweepCompanies<Row extends { id: string }>(
  companies: AsyncIterable<Row>,
  work: (company: Row) => Promise<void>,
  onError: (company: Row, error: unknown) => void,
): Promise<void> {
  const failed: string[] = [];
  for await (const company of companies) {
    try {
      await work(company);
    } catch (error) {
      failed.push(company.id);
      onError(company, error);
    }
  }
  if (failed.length) throw new Error(`${failed.length} companies failed: ${failed.slice(0, 10).join(", ")}`);
}
