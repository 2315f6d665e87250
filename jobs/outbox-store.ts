/**
 * OWNER CONNECTION, ACROSS TENANTS: the one module that reads the outboxes.
 *
 * The relay needs every company's pending rows at once, and a processor needs the
 * row its job points at, before any member's context exists; hourbook_app can't
 * read outbox rows at all (a payload may hold a single-use link's token). So these
 * functions take the Database (the owner connection), never a tenant transaction,
 * and nothing here is reachable from a route. Keep it small, and review changes.
 */
import { sql } from "../db/sql";
import type { Database } from "../db/types";
import type { OutboxJobPayload } from "./queues";

/** A pending row a relay has leased: company rows carry their company, account rows null. */
export interface ClaimedOutboxRow {
  id: string;
  companyId: string | null;
  job: string;
  /** What queueJob stored; for emails the relay sends only the row's reference instead. */
  payload: unknown;
}

export interface OutboxEntry {
  job: string;
  payload: unknown;
  createdAt: Date;
  processedAt: Date | null;
  company: { name: string; slug: string; timezone: string } | null;
}

/**
 * Lease up to `limit` pending rows of each outbox, oldest first. Rows another
 * relay holds are skipped (`skip locked`, and an unexpired lease), so relays
 * running at once in several processes never take the same row.
 */
export async function claimPendingOutboxRows(
  db: Database,
  options: { limit: number; leaseSeconds: number },
): Promise<ClaimedOutboxRow[]> {
  const { limit, leaseSeconds } = options;
  const companyRows = await db.query<ClaimedOutboxRow>(sql`
    update outbox o set claimed_until = now() + make_interval(secs => ${leaseSeconds})
      from (select company_id, id from outbox
             where enqueued_at is null and (claimed_until is null or claimed_until < now())
             order by created_at
             limit ${limit}
             for update skip locked) pending
     where o.company_id = pending.company_id and o.id = pending.id
    returning o.id, o.company_id as "companyId", o.job, o.payload`);
  const accountRows = await db.query<ClaimedOutboxRow>(sql`
    update account_outbox o set claimed_until = now() + make_interval(secs => ${leaseSeconds})
      from (select id from account_outbox
             where enqueued_at is null and (claimed_until is null or claimed_until < now())
             order by created_at
             limit ${limit}
             for update skip locked) pending
     where o.id = pending.id
    returning o.id, null::uuid as "companyId", o.job, o.payload`);
  return [...companyRows, ...accountRows];
}

function split(rows: readonly ClaimedOutboxRow[]) {
  const companyRows = rows.filter((row) => row.companyId !== null);
  return {
    // Pairs, so updates find company rows through the (company_id, id) primary key.
    companyIds: companyRows.map((row) => row.companyId),
    companyRowIds: companyRows.map((row) => row.id),
    account: rows.filter((row) => row.companyId === null).map((row) => row.id),
  };
}

/** The runner has the rows' jobs: they are done as far as the outbox goes. */
export async function markOutboxRowsEnqueued(db: Database, rows: readonly ClaimedOutboxRow[]): Promise<void> {
  const { companyIds, companyRowIds, account } = split(rows);
  if (companyRowIds.length) {
    await db.query(sql`
      update outbox set enqueued_at = now(), claimed_until = null
       where (company_id, id) in (select * from unnest(${companyIds}::uuid[], ${companyRowIds}::uuid[]))`);
  }
  if (account.length) {
    await db.query(sql`
      update account_outbox set enqueued_at = now(), claimed_until = null where id = any(${account}::uuid[])`);
  }
}

/** Enqueueing failed: give the rows back at once rather than when the lease runs out. */
export async function releaseOutboxRows(db: Database, rows: readonly ClaimedOutboxRow[]): Promise<void> {
  const { companyIds, companyRowIds, account } = split(rows);
  if (companyRowIds.length) {
    await db.query(sql`
      update outbox set claimed_until = null
       where (company_id, id) in (select * from unnest(${companyIds}::uuid[], ${companyRowIds}::uuid[]))
         and enqueued_at is null`);
  }
  if (account.length) {
    await db.query(sql`
      update account_outbox set claimed_until = null where id = any(${account}::uuid[]) and enqueued_at is null`);
  }
}

/** The row a job points at, with its company's name and time zone for the email. */
export async function readOutboxEntry(db: Database, ref: OutboxJobPayload): Promise<OutboxEntry | null> {
  if (ref.companyId === null) {
    const [row] = await db.query<Omit<OutboxEntry, "company">>(sql`
      select job, payload, created_at as "createdAt", processed_at as "processedAt"
        from account_outbox where id = ${ref.outboxId}`);
    return row ? { ...row, company: null } : null;
  }
  const [row] = await db.query<Omit<OutboxEntry, "company"> & { name: string; slug: string; timezone: string }>(sql`
    select o.job, o.payload, o.created_at as "createdAt", o.processed_at as "processedAt",
           c.name, c.slug, c.timezone
      from outbox o join companies c on c.id = o.company_id
     where o.company_id = ${ref.companyId} and o.id = ${ref.outboxId}`);
  if (!row) return null;
  const { name, slug, timezone, ...entry } = row;
  return { ...entry, company: { name, slug, timezone } };
}

/**
 * The job is done: note it (a repeated run then does nothing) and drop the named
 * payload keys, such as an email's props with their single-use link's token.
 */
export async function markOutboxEntryProcessed(
  db: Database,
  ref: OutboxJobPayload,
  options: { redact: string[] },
): Promise<void> {
  const redact = options.redact;
  if (ref.companyId === null) {
    await db.query(sql`
      update account_outbox set processed_at = now(), payload = payload - ${redact}::text[]
       where id = ${ref.outboxId}`);
    return;
  }
  await db.query(sql`
    update outbox set processed_at = now(), payload = payload - ${redact}::text[]
     where company_id = ${ref.companyId} and id = ${ref.outboxId}`);
}

/**
 * Forget rows whose work is over: processed ones after `processedSeconds`, and any
 * handed to the runner more than `enqueuedSeconds` ago (its job, failed or not, is
 * gone from the runner by then, so nothing could still need the row).
 */
export async function pruneOutboxes(
  db: Database,
  options: { processedSeconds: number; enqueuedSeconds: number },
): Promise<void> {
  const processed = sql`make_interval(secs => ${options.processedSeconds})`;
  const enqueued = sql`make_interval(secs => ${options.enqueuedSeconds})`;
  await db.query(sql`
    delete from outbox where processed_at < now() - ${processed} or enqueued_at < now() - ${enqueued}`);
  await db.query(sql`
    delete from account_outbox where processed_at < now() - ${processed} or enqueued_at < now() - ${enqueued}`);
}
