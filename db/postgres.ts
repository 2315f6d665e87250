import postgres from "postgres";
import { inSpan, SpanKind } from "../platform/tracing";
import type { SqlFragment } from "./sql";
import type { Database, OwnerTransaction } from "./types";

export interface PostgresOptions {
  url: string;
  poolMax: number;
  connectTimeoutSeconds: number;
  onNotice?: (message: string) => void;
  /** Seconds a transaction waited for a connection (and its BEGIN), for the pool's wait histogram. */
  onTransactionStart?: (waitSeconds: number) => void;
}

/** Transactions holding a connection, and those waiting for one: the pool's use, read at scrape time. */
export type PoolUse = NonNullable<Database["pool"]>;

/** `postgres://user:secret@host/db` → `postgres://user:****@host/db`, for logs and errors. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

type Client = postgres.Sql | postgres.TransactionSql;

function run(client: Client) {
  return async <T extends object>(query: SqlFragment) => {
    const { text, params } = query.compile();
    // The statement's text only: its parameters are people's data.
    return inSpan("db.query", { "db.system.name": "postgresql", "db.query.text": text }, async () => {
      // Prepared per connection: an unprepared query with parameters costs postgres.js two
      // round trips (it asks the server for the parameters' types first) and the server a
      // parse and plan every time (decision 036).
      const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
      return rows as unknown as T[];
    }, SpanKind.CLIENT);
  };
}

function transaction(client: postgres.TransactionSql): OwnerTransaction {
  return {
    query: run(client),
    async exec(script: string) {
      // Without parameters postgres.js uses the simple query protocol, which runs
      // several statements in one call, as a migration file needs.
      await client.unsafe(script);
    },
    // postgres.js's own savepoints: it fails a transaction on any error raised through
    // it, so nested work has to run on the savepoint's handle.
    savepoint: (work) => client.savepoint((inner) => work(transaction(inner))) as Promise<Awaited<ReturnType<typeof work>>>,
  };
}

export function openPostgres(options: PostgresOptions): Database & { raw: postgres.Sql; pool: PoolUse } {
  const client = postgres(options.url, {
    max: options.poolMax,
    connect_timeout: options.connectTimeoutSeconds,
    onnotice: (notice) => options.onNotice?.(String(notice.message)),
    // Match PGlite's results (see pglite.ts): int8 as number (counts, minor units
    // stay far below 2^53) and date as the 'YYYY-MM-DD' text Postgres sends, so a
    // calendar day never shifts with the server's timezone.
    types: {
      int8: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
      date: {
        to: 1082,
        from: [1082],
        serialize: (value: string) => value,
        parse: (value: string) => value,
      },
    },
  });
  const pool = { max: options.poolMax, busy: 0, waiting: 0 };
  return {
    backend: "postgres",
    location: maskDatabaseUrl(options.url),
    raw: client,
    pool,
    query: run(client),
    async transaction(work) {
      const asked = performance.now();
      let started = false;
      pool.waiting += 1;
      try {
        return (await client.begin((tx) => {
          started = true;
          pool.waiting -= 1;
          pool.busy += 1;
          options.onTransactionStart?.((performance.now() - asked) / 1000);
          return work(transaction(tx));
        })) as Awaited<ReturnType<typeof work>>;
      } finally {
        if (started) pool.busy -= 1;
        else pool.waiting -= 1;
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}
