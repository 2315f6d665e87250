/**
 * npm run bench:audit: export 1 M audit rows (BENCH_AUDIT_ROWS) with the export's
 * own writer (keyset batches → CSV → file), next to Postgres's
 * COPY (SELECT …) TO STDOUT (FORMAT csv) for the same rows, with the process's
 * peak memory. On a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { migrate } from "../../db/migrate";
import { openPostgres } from "../../db/postgres";
import { sql } from "../../db/sql";
import { createCompany } from "../../db/testing/fixtures";
import { createScratchDatabase } from "../../db/testing/postgres-admin";
import { writeAuditRows } from "./write-rows";

const rowCount = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const timeLimitMs = 10 * 60_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

async function main() {
  const timer = setTimeout(() => {
    console.error(`bench:audit gave up after ${timeLimitMs / 1000} s`);
    process.exit(1);
  }, timeLimitMs);
  timer.unref();
  const scratch = await createScratchDatabase(serverUrl);
  const { url } = scratch;
  const db = openPostgres({ url, poolMax: 2, connectTimeoutSeconds: 5 });
  const dir = mkdtempSync(join(tmpdir(), "hourbook-bench-"));
  try {
    await migrate(db);
    const companyId = await createCompany(db, "Bench Co");
    // Seeded behind the triggers: this measures reading and writing rows, not chaining them.
    const seedStart = Date.now();
    await db.transaction(async (tx) => {
      await tx.exec("set local session_replication_role = replica");
      await tx.query(sql`
        insert into audit_entries (company_id, seq, occurred_at, actor_kind, actor_id, actor_name, action, entity_type,
                                   entity_id, changes, ip, user_agent, request_id, prev_hash, hash)
        select ${companyId}, g + 1, now() - make_interval(secs => ${rowCount} - g), 'person', gen_random_uuid()::text, 'Ada "Bench", Lovelace',
               'member.role_change', 'member', gen_random_uuid()::text,
               jsonb_build_object('role', jsonb_build_object('old', 'employee', 'new', 'manager')),
               '198.51.100.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64)', 'req-' || g, md5(g::text), md5((g + 1)::text)
          from generate_series(1, ${rowCount}) g`);
    });
    await db.query(sql`analyze audit_entries`);
    console.log(`seeded ${rowCount.toLocaleString("en-US")} audit rows in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    const range = { companyId, from: new Date(0), to: new Date(Date.now() + 86_400_000) };

    // Postgres's own COPY, to a discarding sink, as the ceiling.
    const raw = postgres(url, { max: 1 });
    const copyStart = Date.now();
    const copy = await raw.unsafe(`
      copy (select seq, occurred_at, actor_kind, actor_id, actor_name, action, entity_type, entity_id, changes, ip,
                   user_agent, request_id, hash
              from audit_entries where company_id = '${companyId}' order by seq) to stdout (format csv)`).readable();
    await pipeline(copy, new Writable({ write: (_chunk, _enc, done) => done() }));
    const copyMs = Date.now() - copyStart;
    await raw.end();

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const file = join(dir, "audit.csv");
    const output = createWriteStream(file);
    const ourStart = Date.now();
    const written = await writeAuditRows(db, range, "csv", output);
    if (written < rowCount) throw new Error(`exported ${written} of ${rowCount} rows`);
    await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const ourMs = Date.now() - ourStart;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const ours = rate(written, ourMs);
    const theirs = rate(rowCount, copyMs);
    console.log(`COPY … TO STDOUT (FORMAT csv): ${theirs.toLocaleString("en-US")} rows/s (${(copyMs / 1000).toFixed(1)} s)`);
    console.log(`audit export (keyset batches formatted by Postgres → CSV file): ${ours.toLocaleString("en-US")} rows/s (${(ourMs / 1000).toFixed(1)} s, ${written.toLocaleString("en-US")} rows, ${mb(statSync(file).size)})`);
    console.log(`ratio: ${(ours / theirs).toFixed(2)} of COPY (aim ≥ 0.5)`);
    console.log(`peak memory: RSS ${mb(peakRss)} (before the export ${mb(rssBefore)}; maxRSS of the process ${mb(process.resourceUsage().maxRSS * 1024)}) (aim < 200 MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
