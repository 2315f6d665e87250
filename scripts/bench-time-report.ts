/**
 * npx tsx scripts/bench-time-report.ts: the time report's CSV download over
 * BENCH_REPORT_ROWS entries (default 100,000), streamed as the export route streams
 * it (one tenant transaction, cursor batches, csv-stringify) into a sink that reads
 * BENCH_REPORT_READ_KB per tick (default: as fast as it can), with the process's
 * peak memory, on a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped. Run it with
 * two sizes: flat memory means the peak does not grow with the row count.
 * BENCH_REPORT_VIA_REMIX=1 hands the body to @remix-run/node's
 * writeReadableStreamToWritable instead (what @remix-run/express does with a
 * response), writing into a socket-like sink that drains at the same pace.
 */
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql } from "../db/sql";
import { bindWithTenant } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { adminConnection, databaseUrlFor } from "../db/testing/postgres-admin";
import { reportCsvChunks } from "../app/reports/time-report.server";
import { reportFilterSchema } from "../app/reports/filter";
import { streamInTenant } from "../app/routing/tenant-stream.server";

const rowCount = Number(process.env.BENCH_REPORT_ROWS ?? 100_000);
const readKbPerTick = Number(process.env.BENCH_REPORT_READ_KB ?? 0);
const viaRemix = process.env.BENCH_REPORT_VIA_REMIX === "1";
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const people = 100;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const name = `hourbook_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = adminConnection(serverUrl);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const db = openPostgres({ url: databaseUrlFor(serverUrl, name), poolMax: 2, connectTimeoutSeconds: 5 });
  try {
    await migrate(db);
    const companyId = await createCompany(db, "Bench Co");
    const finance = await createMember(db, companyId, "finance");
    const seedStart = Date.now();
    // Seeded behind the triggers (24-hour check, audit): this measures reading, not logging.
    await db.transaction(async (tx) => {
      await tx.exec("set local session_replication_role = replica");
      await tx.query(sql`
        with person as (
          insert into users (email, name) select 'p' || g || '-' || gen_random_uuid() || '@bench.example', 'Person ' || g
            from generate_series(1, ${people}) g returning id
        )
        insert into memberships (company_id, user_id, role) select ${companyId}::uuid, id, 'employee' from person`);
      await tx.query(sql`
        with client as (insert into clients (company_id, name, currency, hourly_rate_minor) values (${companyId}, 'Client, "Bench"', 'EUR', 9000) returning id)
        insert into projects (company_id, name, code, client_id) select ${companyId}::uuid, 'Project ' || g, 'P' || g, client.id
          from generate_series(1, 20) g, client`);
      await tx.query(sql`
        insert into timesheets (company_id, user_id, week_start, status)
        select distinct ${companyId}::uuid, m.user_id, week_start_of(d::date, 1::smallint), 'approved'
          from memberships m, generate_series('2026-01-01'::date, '2026-12-31'::date, interval '1 day') d
         where m.company_id = ${companyId}`);
      await tx.query(sql`
        with person as (select user_id, row_number() over (order by user_id) as n from memberships
                         where company_id = ${companyId} and role = 'employee'),
             project as (select id, row_number() over (order by id) as n from projects where company_id = ${companyId})
        insert into time_entries (company_id, user_id, timesheet_id, project_id, work_date, minutes, billable, notes,
                                  rate_minor, currency, frozen_at)
        select ${companyId}::uuid, person.user_id, ts.id, project.id, day, 15 + (g % 120), g % 3 > 0,
               'Note ' || g || ', with "quotes"' || case when g % 10 = 0 then chr(10) || '=second line' else '' end,
               9000, 'EUR', now()
          from generate_series(0, ${rowCount - 1}) g
          cross join lateral (select '2026-01-01'::date + (g / ${people}) % 365 as day) d
          join person on person.n = g % ${people} + 1
          join project on project.n = g % 20 + 1
          join timesheets ts on ts.company_id = ${companyId} and ts.user_id = person.user_id
                            and ts.week_start = week_start_of(day, 1::smallint)`);
    });
    await db.query(sql`analyze`);
    const [count] = await db.query<{ n: number }>(sql`select count(*)::int as n from time_entries`);
    console.log(`seeded ${count!.n.toLocaleString("en-US")} entries in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const filter = reportFilterSchema.parse({
      from: "2026-01-01", to: "2026-12-31", groupBy: "person", person: [], project: [], client: [], billable: "all", status: "all",
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const start = Date.now();
    const body = await streamInTenant(bindWithTenant(db), finance, (tx) => reportCsvChunks(tx, filter), {
      signal: new AbortController().signal,
      onError: (error) => console.error(error),
    });
    let bytes = 0;
    let lines = 0;
    let queuedPeak = 0;
    const take = async (chunk: Uint8Array) => {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) lines++;
      if (readKbPerTick > 0) await sleep(Math.ceil(chunk.byteLength / 1024 / readKbPerTick));
    };
    if (viaRemix) {
      const socket = new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          // What the writer has accepted but not yet sent: memory no pull-based stream can bound.
          queuedPeak = Math.max(queuedPeak, socket.writableLength);
          void take(chunk).then(() => done());
        },
      });
      await writeReadableStreamToWritable(body, socket);
      await new Promise((resolve) => socket.on("finish", resolve));
    } else {
      const reader = body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) await take(read.value);
    }
    const ms = Date.now() - start;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`streamed ${mb(bytes)} (${lines.toLocaleString("en-US")} line breaks) in ${(ms / 1000).toFixed(1)} s: ${Math.round(count!.n / (ms / 1000)).toLocaleString("en-US")} rows/s`);
    console.log(`RSS before ${mb(rssBefore)}, peak while streaming ${mb(peakRss)} (+${mb(peakRss - rssBefore)})`);
    if (viaRemix) console.log(`most waiting in the sink's buffer at once: ${mb(queuedPeak)}`);
  } finally {
    await db.close();
    const dropper = adminConnection(serverUrl);
    await dropper.unsafe(`drop database if exists "${name}" with (force)`);
    await dropper.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
