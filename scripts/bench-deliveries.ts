/**
 * npm run bench:deliveries: outgoing webhook deliveries per second to a local receiver.
 *
 * BENCH_DELIVERY_EVENTS events (default 2,000) are written as changes write them
 * (jobs/webhook-events.ts), fanned out to BENCH_DELIVERY_ENDPOINTS endpoints (default
 * 4) and delivered by the product's deliverer (jobs/webhooks/deliveries.ts): signed
 * per Standard Webhooks, POSTed over real HTTP to a receiver on 127.0.0.1, each
 * attempt logged. Endpoints are drained concurrently, each in order, as the worker's
 * deliver-webhooks jobs would. Printed: fan-out rate, and deliveries/s overall and per
 * endpoint. On a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped.
 */
import { systemActor } from "../db/audit-context";
import { migrate } from "../db/migrate";
import { openPostgres } from "../db/postgres";
import { sql } from "../db/sql";
import { withTenant } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createScratchDatabase } from "../db/testing/postgres-admin";
import { createSecretBox } from "../app/kernel/secrets.server";
import { createEndpoint } from "../app/kernel/webhooks/endpoints.server";
import { actForCompany } from "../jobs/processors/company-sweep";
import { startWebhookReceiver } from "../jobs/testing/webhook-receiver";
import { emitWebhookEvent } from "../jobs/webhook-events";
import { drainEndpoint, fanOutEvent } from "../jobs/webhooks/deliveries";

const eventCount = Number(process.env.BENCH_DELIVERY_EVENTS ?? 2_000);
const endpointCount = Number(process.env.BENCH_DELIVERY_ENDPOINTS ?? 4);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));

async function main() {
  const scratch = await createScratchDatabase(serverUrl);
  const db = openPostgres({ url: scratch.url, poolMax: 10, connectTimeoutSeconds: 5 });
  const receiver = await startWebhookReceiver();
  try {
    await migrate(db);
    const secrets = createSecretBox("42".repeat(32));
    const companyId = await createCompany(db, "Bench deliveries");
    const owner = await createMember(db, companyId, "owner");
    const endpointIds: string[] = [];
    for (let i = 0; i < endpointCount; i++) {
      const { endpoint } = await withTenant(db, owner, (tx) =>
        createEndpoint(tx, secrets, { url: `${receiver.url}/${i}`, description: `Bench ${i}`, eventTypes: ["time_entry.created"] }),
      );
      endpointIds.push(endpoint.id);
    }

    const eventIds: string[] = [];
    for (let i = 0; i < eventCount; i += 100) {
      await withTenant(db, owner, async (tx) => {
        for (let n = i; n < Math.min(i + 100, eventCount); n++) {
          eventIds.push(await emitWebhookEvent(tx, "time_entry.created", { id: `entry-${n}`, minutes: 60, notes: "Bench" }));
        }
      });
    }
    const actor = systemActor("bench", "Bench");
    const fanOutStart = performance.now();
    for (let i = 0; i < eventIds.length; i += 100) {
      await actForCompany(db, companyId, actor, async (tx) => {
        for (const eventId of eventIds.slice(i, i + 100)) await fanOutEvent(tx, eventId);
      });
    }
    const fanOutMs = performance.now() - fanOutStart;

    const deps = { db, secrets, policy: { requireHttps: false, allowLoopback: true } };
    const start = performance.now();
    const sent = await Promise.all(endpointIds.map((endpointId) => drainEndpoint(deps, companyId, endpointId)));
    const ms = performance.now() - start;
    const total = sent.reduce((sum, n) => sum + n, 0);
    const [failed] = await db.query<{ count: number }>(sql`select count(*)::int as count from webhook_deliveries where status <> 'delivered'`);

    console.log(`webhook deliveries: ${eventCount.toLocaleString("en")} events × ${endpointCount} endpoints, local receiver, Postgres`);
    console.log(`  fan-out:    ${rate(eventCount, fanOutMs).toLocaleString("en")} events/s (${Math.round(fanOutMs)} ms)`);
    console.log(`  delivered:  ${total.toLocaleString("en")} in ${Math.round(ms)} ms = ${rate(total, ms).toLocaleString("en")} deliveries/s`);
    console.log(`  per endpoint (in order, one at a time): ${rate(total / endpointCount, ms).toLocaleString("en")} deliveries/s`);
    console.log(`  not delivered: ${failed!.count}; received: ${receiver.received.length.toLocaleString("en")}`);
  } finally {
    await receiver.close();
    await db.close();
    await scratch.drop();
  }
}

await main();
