import { sql } from "./sql";
import { withTenant, type TenantContext, type TenantTransaction, type WithTenant } from "./tenant";
import type { Database } from "./types";

/**
 * Where a person's reads may go, decided in one place (docs/decisions/041).
 *
 * Reports, dashboards and exports read through `withTenantRead`: from the streaming
 * replica when DATABASE_READ_URL names one, unless that person wrote something the
 * replica has not replayed yet. A write remembers the primary's WAL position after it
 * committed (its LSN, as a byte count) per person; a later read compares it with the
 * replica's replay position and goes to the primary while the replica is behind it.
 * So nobody ever misses their own change, and nobody waits for the replica either.
 */
export interface WriteMarks {
  /** Remember that this person's data is on the primary up to `lsn` (keeps the larger). */
  note(userId: string, lsn: number): Promise<void>;
  /** The last remembered position, or undefined when there is none (or it expired). */
  latest(userId: string): Promise<number | undefined>;
}

/**
 * Marks kept in this process: enough for one web process (and for tests). With
 * several, the marks must be shared (server/write-marks.ts keeps them in Redis).
 */
export function memoryWriteMarks(ttlSeconds: number, now: () => number = Date.now): WriteMarks {
  const marks = new Map<string, { lsn: number; until: number }>();
  return {
    async note(userId, lsn) {
      const current = marks.get(userId);
      const until = now() + ttlSeconds * 1000;
      marks.set(userId, { lsn: Math.max(lsn, current && current.until > now() ? current.lsn : 0), until });
      // Expired marks go on the next write rather than on a timer; the map stays as small as the active set.
      if (marks.size > 10_000) for (const [id, mark] of marks) if (mark.until <= now()) marks.delete(id);
    },
    async latest(userId) {
      const mark = marks.get(userId);
      return mark && mark.until > now() ? mark.lsn : undefined;
    },
  };
}

/** Why a read went where it went; counted by the metrics (hourbook_db_reads_total). */
export type ReadRoute =
  | { target: "primary"; reason: "no_replica" | "own_write" | "replica_unavailable" | "marks_unavailable" }
  | { target: "replica"; reason: "replica" };

export interface ReadRouting {
  /** The primary; a request that changes things passes its person's writes to `notingWrites`. */
  withTenant: WithTenant;
  /** Like withTenant, then remembers the person's position on the primary for their next read. */
  withTenantNotingWrites: WithTenant;
  /** For reports, dashboards and exports: the replica when it has the person's own writes. */
  withTenantRead: WithTenant;
  /** Replica lag as the replica sees it (seconds since the last replayed change while behind), for the gauge. */
  replicaLagSeconds(): Promise<number | undefined>;
}

export interface ReadRoutingOptions {
  primary: Database;
  replica?: Database;
  marks: WriteMarks;
  onRead?: (route: ReadRoute) => void;
  /** A failure to note or read a mark, or to reach the replica: logged, never the request's error. */
  onTrouble?: (message: string, error: unknown) => void;
}

class ReplicaBehind extends Error {}

/** postgres.js's and Node's codes for "no connection", as opposed to a query's own error. */
const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P03"]);

function isConnectionFailure(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && connectionCodes.has(code);
}

export function createReadRouting({ primary, replica, marks, onRead, onTrouble }: ReadRoutingOptions): ReadRouting {
  const onPrimary: WithTenant = (context, work) => withTenant(primary, context, work);

  if (!replica) {
    // Nothing to route: every read is the primary's, and writes need no mark.
    const read: WithTenant = (context, work) => {
      onRead?.({ target: "primary", reason: "no_replica" });
      return onPrimary(context, work);
    };
    return { withTenant: onPrimary, withTenantNotingWrites: onPrimary, withTenantRead: read, replicaLagSeconds: async () => undefined };
  }

  async function noteWrite(userId: string): Promise<void> {
    try {
      // After the commit has returned, the primary's current position is past its commit record.
      const [row] = await primary.query<{ lsn: string }>(sql`select (pg_current_wal_lsn() - '0/0'::pg_lsn)::text as lsn`);
      await marks.note(userId, Number(row?.lsn));
    } catch (error) {
      onTrouble?.("Could not remember a write for read-your-writes; the person's next report may lag", error);
    }
  }

  const notingWrites: WithTenant = async (context, work) => {
    const result = await onPrimary(context, work);
    await noteWrite(context.userId);
    return result;
  };

  async function fromPrimary<T>(context: TenantContext, work: (tx: TenantTransaction) => Promise<T>, reason: Exclude<ReadRoute["reason"], "replica" | "no_replica">) {
    onRead?.({ target: "primary", reason });
    return onPrimary(context, work);
  }

  const read: WithTenant = async (context, work) => {
    let mark: number | undefined;
    try {
      mark = await marks.latest(context.userId);
    } catch (error) {
      // Without the mark we can't tell whether the replica has this person's writes.
      onTrouble?.("Could not read a write mark; reading from the primary", error);
      return fromPrimary(context, work, "marks_unavailable");
    }
    let started = false;
    try {
      const result = await withTenant(replica, context, async (tx) => {
        if (mark !== undefined) {
          const [row] = await tx.query<{ caught_up: boolean }>(
            sql`select coalesce(pg_last_wal_replay_lsn() - '0/0'::pg_lsn >= ${String(mark)}::numeric, false) as caught_up`,
          );
          if (!row?.caught_up) throw new ReplicaBehind();
        }
        started = true;
        return work(tx);
      });
      onRead?.({ target: "replica", reason: "replica" });
      return result;
    } catch (error) {
      if (error instanceof ReplicaBehind) return fromPrimary(context, work, "own_write");
      // A replica that is down must not take reports with it; once the work ran, its error is the answer.
      if (!started && isConnectionFailure(error)) {
        onTrouble?.("The read replica is unreachable; reading from the primary", error);
        return fromPrimary(context, work, "replica_unavailable");
      }
      throw error;
    }
  };

  return {
    withTenant: onPrimary,
    withTenantNotingWrites: notingWrites,
    withTenantRead: read,
    async replicaLagSeconds() {
      const [row] = await replica.query<{ lag: number | null }>(sql`
        select case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                    else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`);
      return row?.lag ?? undefined;
    },
  };
}
