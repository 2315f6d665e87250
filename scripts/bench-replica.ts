/**
 * npm run bench:replica: where report reads go with a streaming replica behind
 * DATABASE_URL's server. A replica is made with pg_basebackup (as the replica test
 * does) on BENCH_REPLICA_PORT (default 4452); BENCH_REPLICA_PEOPLE people each open
 * reports BENCH_REPLICA_READS times, and before a share of them
 * (BENCH_REPLICA_WRITE_SHARE, default 0.2) change something first, as someone who
 * approves a week and then opens the report does. Prints the replica's share of
 * report reads, why the others went to the primary, and the read time on each.
 */
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { createReadRouting, memoryWriteMarks, type ReadRoute } from "../db/read-routing";
import { sql } from "../db/sql";
import type { TenantContext } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createScratchDatabase, databaseUrlFor } from "../db/testing/postgres-admin";
import { startStreamingReplica } from "../db/testing/replica";

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error("bench:replica needs DATABASE_URL (a Postgres server that allows replication connections)");
const port = Number(process.env.BENCH_REPLICA_PORT ?? 4452);
const peopleCount = Number(process.env.BENCH_REPLICA_PEOPLE ?? 20);
const readsEach = Number(process.env.BENCH_REPLICA_READS ?? 50);
const writeShare = Number(process.env.BENCH_REPLICA_WRITE_SHARE ?? 0.2);

const scratch = await createScratchDatabase(serverUrl, "hourbook_bench_replica");
const primary = openPostgres({ url: scratch.url, poolMax: 10, connectTimeoutSeconds: 5 });
let stopReplica: (() => Promise<void>) | undefined;
let replica: ReturnType<typeof openPostgres> | undefined;
try {
  await migrate(primary);
  const company = await createCompany(primary, "Bench Co");
  const people: TenantContext[] = [];
  for (let i = 0; i < peopleCount; i += 1) people.push(await createMember(primary, company, "admin"));
  for (let i = 0; i < 2_000; i += 1) await primary.query(sql`insert into projects (company_id, name) values (${company}, ${`Project ${i}`})`);

  const cluster = await startStreamingReplica(serverUrl, port);
  stopReplica = cluster.stop;
  await cluster.caughtUp();
  replica = openPostgres({ url: databaseUrlFor(cluster.serverUrl, scratch.name), poolMax: 10, connectTimeoutSeconds: 5 });
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  let current: ReadRoute | undefined;
  const routing = createReadRouting({ primary, replica, marks: memoryWriteMarks(900), onRead: (route) => (current = route) });

  // A report-shaped read: an aggregate over the company's projects.
  const report = (person: TenantContext) =>
    routing.withTenantRead(person, (tx) => tx.query(sql`select count(*)::int as n, max(name) as last from projects`));
  let writes = 0;
  const started = performance.now();
  await Promise.all(
    people.map(async (person, index) => {
      for (let i = 0; i < readsEach; i += 1) {
        // Deterministic spread: every person writes before the same share of their reads.
        if ((i * peopleCount + index) % Math.round(1 / writeShare) === 0) {
          writes += 1;
          await routing.withTenantNotingWrites(person, (tx) =>
            tx.query(sql`update projects set name = name where company_id = ${person.companyId} and name = 'Project 1'`),
          );
        }
        const at = performance.now();
        await report(person);
        const key = `${current!.target} (${current!.reason})`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        times.set(current!.target, [...(times.get(current!.target) ?? []), performance.now() - at]);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(`${total} report reads by ${peopleCount} people, ${writes} of them right after the person's own change, in ${(elapsed / 1000).toFixed(1)} s`);
  for (const [key, value] of [...counts].sort()) console.log(`  ${key}: ${value} (${((100 * value) / total).toFixed(1)} %)`);
  for (const [target, values] of times) console.log(`  median read on the ${target}: ${median(values).toFixed(2)} ms`);
} finally {
  await replica?.close();
  await primary.close();
  await stopReplica?.();
  await scratch.drop();
}
