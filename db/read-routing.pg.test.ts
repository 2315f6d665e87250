import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "./postgres";
import { createReadRouting, memoryWriteMarks, type ReadRoute, type ReadRouting } from "./read-routing";
import { sql } from "./sql";
import type { TenantContext } from "./tenant";
import { createCompany, createMember } from "./testing/fixtures";
import { databaseUrlFor } from "./testing/postgres-admin";
import { startStreamingReplica, type StreamingReplica } from "./testing/replica";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";
import type { Database } from "./types";

/**
 * Read routing against a real streaming replica: a second cluster made with
 * pg_basebackup from the test server, started on its own port, dropped afterwards.
 */
const replicaPort = 4451;

let primary: TestDatabase;
let cluster: StreamingReplica;
let replica: Database;
let replicaAdmin: postgres.Sql;
let routing: ReadRouting;
const routes: ReadRoute[] = [];
let writer: TenantContext;
let reader: TenantContext;
let outsider: TenantContext;

beforeAll(async () => {
  cluster = await startStreamingReplica(process.env.DATABASE_URL!, replicaPort);
  primary = await createTestDatabase();
  const company = await createCompany(primary, "Replica Co");
  writer = await createMember(primary, company, "admin");
  reader = await createMember(primary, company, "admin");
  outsider = await createMember(primary, await createCompany(primary, "Elsewhere"), "owner");
  await cluster.caughtUp();
  const database = new URL(primary.location).pathname.slice(1);
  replica = openPostgres({ url: databaseUrlFor(cluster.serverUrl, database), poolMax: 4, connectTimeoutSeconds: 5 });
  replicaAdmin = postgres(databaseUrlFor(cluster.serverUrl, "postgres"), { max: 1, onnotice: () => undefined });
  routing = createReadRouting({ primary, replica, marks: memoryWriteMarks(60), onRead: (route) => routes.push(route) });
}, 120_000);

afterAll(async () => {
  await replicaAdmin?.end();
  await replica?.close();
  await primary?.close();
  await cluster?.stop();
});

const projectNames = (context: TenantContext) =>
  routing.withTenantRead(context, async (tx) => {
    const rows = await tx.query<{ name: string; standby: boolean }>(sql`select name, pg_is_in_recovery() as standby from projects order by name`);
    return { names: rows.map((row) => row.name), standby: rows[0]?.standby };
  });

describe("reads on a streaming replica", () => {
  it("run on the standby with the tenant's role and context, so RLS keeps companies apart there too", async () => {
    await routing.withTenant(outsider, (tx) => tx.query(sql`insert into projects (company_id, name) values (${outsider.companyId}, 'Not yours')`));
    await routing.withTenant(writer, (tx) => tx.query(sql`insert into projects (company_id, name) values (${writer.companyId}, 'Ours')`));
    await cluster.caughtUp();

    const seen = await routing.withTenantRead(reader, (tx) =>
      tx.query<{ standby: boolean; who: string; company: string; names: string[] }>(sql`
        select pg_is_in_recovery() as standby, current_user as who, app_company_id()::text as company,
               array(select name from projects order by name) as names`),
    );
    expect(seen[0]).toEqual({ standby: true, who: "hourbook_app", company: reader.companyId, names: ["Ours"] });
    expect(routes.at(-1)).toEqual({ target: "replica", reason: "replica" });
    expect((await projectNames(outsider)).names).toEqual(["Not yours"]);
  });

  it("refuse to write, so a report that tried would fail rather than write somewhere odd", async () => {
    await expect(
      routing.withTenantRead(reader, (tx) => tx.query(sql`insert into projects (company_id, name) values (${reader.companyId}, 'Sneaky')`)),
    ).rejects.toMatchObject({ code: "25006" });
  });

  it("show a person their own write at once: the primary answers while the replica hasn't replayed it", async () => {
    await replicaAdmin`select pg_wal_replay_pause()`;
    try {
      await routing.withTenantNotingWrites(writer, (tx) =>
        tx.query(sql`insert into projects (company_id, name) values (${writer.companyId}, 'Just written')`),
      );
      const own = await projectNames(writer);
      expect(own).toEqual({ names: ["Just written", "Ours"], standby: false });
      expect(routes.at(-1)).toEqual({ target: "primary", reason: "own_write" });

      // Someone else is served by the replica, which is (for now, and by design) behind.
      const other = await projectNames(reader);
      expect(other).toEqual({ names: ["Ours"], standby: true });
    } finally {
      await replicaAdmin`select pg_wal_replay_resume()`;
    }
    await cluster.caughtUp();
    expect(await projectNames(writer)).toEqual({ names: ["Just written", "Ours"], standby: true });
    expect(routes.at(-1)).toEqual({ target: "replica", reason: "replica" });
  });

  it("fall back to the primary when the replica can't be reached", async () => {
    const away = openPostgres({ url: "postgres://postgres@127.0.0.1:9/nowhere", poolMax: 1, connectTimeoutSeconds: 2 });
    const seen: ReadRoute[] = [];
    const degraded = createReadRouting({ primary, replica: away, marks: memoryWriteMarks(60), onRead: (route) => seen.push(route) });
    try {
      const rows = await degraded.withTenantRead(reader, (tx) => tx.query<{ standby: boolean }>(sql`select pg_is_in_recovery() as standby`));
      expect(rows).toEqual([{ standby: false }]);
      expect(seen).toEqual([{ target: "primary", reason: "replica_unavailable" }]);
    } finally {
      await away.close();
    }
  });

  it("report the replica's lag", async () => {
    await cluster.caughtUp();
    expect(await routing.replicaLagSeconds()).toBe(0);
  });
});
