import type { SqlFragment } from "./sql";

export type Row = Record<string, unknown>;

/** What model code may do with a connection: run parameterised queries. */
export interface Queryable {
  query<T extends object = Row>(query: SqlFragment): Promise<T[]>;
}

/**
 * Nested work that may fail without failing the transaction around it (a
 * SAVEPOINT). The work must use the transaction it is given: postgres.js marks the
 * whole transaction failed when a query through the outer one errors.
 */
export interface Savepoints<Tx> {
  savepoint<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** A transaction opened by the owner connection: may also run multi-statement scripts (migrations). */
export interface OwnerTransaction extends Queryable, Savepoints<OwnerTransaction> {
  exec(script: string): Promise<void>;
}

export type Backend = "pglite" | "postgres";

/**
 * The one query interface both backends implement. Only server start-up,
 * migrations, seeds, tests and the tenancy module hold one of these; routes and
 * models receive a tenant transaction instead.
 */
export interface Database extends Queryable {
  readonly backend: Backend;
  /** Where the data lives, safe to log (credentials masked). */
  readonly location: string;
  transaction<T>(work: (tx: OwnerTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** A server pool's use (postgres.js); PGlite has one connection and no pool. */
  readonly pool?: { readonly max: number; readonly busy: number; readonly waiting: number };
}
