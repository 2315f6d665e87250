import { mkdirSync } from "node:fs";
import { PGlite, types } from "@electric-sql/pglite";
import { inSpan, SpanKind } from "../platform/tracing";
import type { SqlFragment } from "./sql";
import type { Database, OwnerTransaction } from "./types";

/** Parse results the same way the postgres.js backend does (see postgres.ts). */
const parsers = {
  [types.INT8]: (value: string) => Number(value),
  [types.DATE]: (value: string) => value,
};

interface PGliteQueryTarget {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

function queryable(target: PGliteQueryTarget, depth = 0): OwnerTransaction {
  const self: OwnerTransaction = {
    async query<T extends object>(query: SqlFragment) {
      const { text, params } = query.compile();
      const result = await inSpan("db.query", { "db.system.name": "pglite", "db.query.text": text }, () => target.query<T>(text, params), SpanKind.CLIENT);
      return result.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
    async savepoint(work) {
      const name = `savepoint_${depth + 1}`;
      await target.exec(`savepoint ${name}`);
      try {
        const value = await work(queryable(target, depth + 1));
        await target.exec(`release savepoint ${name}`);
        return value;
      } catch (error) {
        await target.exec(`rollback to savepoint ${name}`);
        throw error;
      }
    },
  };
  return self;
}

export interface PGliteOptions {
  /** A directory to persist to; omit for an in-memory database. */
  dataDir?: string;
  /** A data directory dump to start from (tests load a migrated template). */
  loadDataDir?: Blob;
}

export async function openPGlite(options: PGliteOptions = {}): Promise<Database & { raw: PGlite }> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pg = await PGlite.create(options.dataDir, {
    parsers,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const direct = queryable(pg);
  return {
    backend: "pglite",
    location: options.dataDir ? `pglite:${options.dataDir}` : "pglite:memory",
    raw: pg,
    query: direct.query,
    // PGlite serialises transactions itself; calling the outer database from inside
    // `work` would wait on itself, which is why everything takes the `tx` it is given.
    transaction: (work) => pg.transaction((tx) => work(queryable(tx))),
    close: () => pg.close(),
  };
}
