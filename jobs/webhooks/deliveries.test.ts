import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSecretBox } from "../../app/kernel/secrets.server";
import { urlProblem } from "../../app/kernel/webhooks/address-guard";
import { resendDelivery } from "../../app/kernel/webhooks/deliveries.server";
import { createEndpoint, getEndpoint, listDeliveries, listEndpoints, rotateSecret } from "../../app/kernel/webhooks/endpoints.server";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { systemActor } from "../../db/audit-context";
import { actForCompany } from "../processors/company-sweep";
import { startWebhookReceiver, status } from "../testing/webhook-receiver";
import { emitWebhookEvent } from "../webhook-events";
import { disableAfterMs, drainEndpoint, fanOutEvent, retryDelayMs, type DeliveryDependencies } from "./deliveries";

const secrets = createSecretBox("11".repeat(32));
const loopbackAllowed = { requireHttps: false, allowLoopback: true };

let db: TestDatabase;
let owner: TenantContext;
let admin: TenantContext;
let employee: TenantContext;
let otherOwner: TenantContext;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let clock: Date;
let deps: DeliveryDependencies;

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Webhooks Ltd");
  owner = await createMember(db, company, "owner");
  admin = await createMember(db, company, "admin");
  employee = await createMember(db, company, "employee");
  otherOwner = await createMember(db, await createCompany(db, "Other Ltd"), "owner");
});

afterAll(() => db.close());

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  // Signatures carry the clock's time, which receivers check against their own.
  clock = new Date();
  deps = { db, secrets, policy: loopbackAllowed, now: () => clock };
});

afterEach(async () => {
  await receiver.close();
  await db.query(sql`delete from webhook_events`);
  await db.query(sql`delete from webhook_endpoints`);
});

const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

async function endpointFor(url: string, eventTypes = ["time_entry.created"]) {
  return withTenant(db, owner, (tx) => createEndpoint(tx, secrets, { url, description: "Payroll", eventTypes }));
}

/** A change as an employee makes it: the event is written in their transaction. */
async function emit(n: number) {
  return withTenant(db, employee, (tx) => emitWebhookEvent(tx, "time_entry.created", { id: `entry-${n}`, minutes: n }));
}

const actor = systemActor("test", "Test");
const fanOut = (eventId: string) => actForCompany(db, owner.companyId, actor, (tx) => fanOutEvent(tx, eventId));
const deliveries = (endpointId: string) => withTenant(db, owner, (tx) => listDeliveries(tx, endpointId, { limit: 50 }));

describe("delivering an event", () => {
  it("signs it per Standard Webhooks: the library verifies it with the endpoint's secret", async () => {
    const { endpoint, secret } = await endpointFor(receiver.url);
    const eventId = await emit(1);
    await fanOut(eventId);
    expect(await drainEndpoint(deps, owner.companyId, endpoint.id)).toBe(1);

    const [hook] = receiver.received;
    const verified = new Webhook(secret).verify(hook!.body, hook!.headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toMatchObject({ id: eventId, type: "time_entry.created", companyId: owner.companyId, data: { id: "entry-1", minutes: 1 } });
    expect(hook!.headers["webhook-id"]).toBe(eventId);
    // Another company's secret, or a changed body, does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 7).toString("base64")}`).verify(hook!.body, hook!.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(secret).verify(hook!.body.replace("entry-1", "entry-2"), hook!.headers as Record<string, string>)).toThrow();

    const [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, eventType: "time_entry.created" });
    expect(delivery!.log).toEqual([expect.objectContaining({ attempt: 1, responseStatus: 204, error: null })]);
  });

  it("sends nothing for a change that rolled back", async () => {
    await endpointFor(receiver.url);
    const fanOuts = sql`select count(*)::int as count from outbox where job = 'fan-out-webhook-event'`;
    const [before] = await db.query<{ count: number }>(fanOuts);
    await expect(
      withTenant(db, employee, async (tx) => {
        await emitWebhookEvent(tx, "time_entry.created", { id: "never" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.query(sql`select id from webhook_events`)).toEqual([]);
    expect(await db.query(fanOuts)).toEqual([before]);
  });

  it("goes only to endpoints that asked for the event's type", async () => {
    const { endpoint } = await endpointFor(receiver.url, ["invoice.issued"]);
    await fanOut(await emit(1));
    expect(await deliveries(endpoint.id)).toEqual([]);
  });

  it("retries a failure with exponential backoff, then delivers", async () => {
    const { endpoint } = await endpointFor(receiver.url);
    await fanOut(await emit(1));
    receiver.answerNext(status(500, "down"), status(503));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    let [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: new Date(clock.getTime() + retryDelayMs(1)) });
    expect(delivery!.log[0]).toMatchObject({ responseStatus: 500, responseBody: "down" });

    // Not due yet: nothing is sent.
    advance(retryDelayMs(1) - 1_000);
    expect(await drainEndpoint(deps, owner.companyId, endpoint.id)).toBe(0);
    advance(1_000);
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 2, nextAttemptAt: new Date(clock.getTime() + retryDelayMs(2)) });
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    advance(retryDelayMs(2));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3 });
    expect(receiver.received.map((hook) => hook.headers["webhook-id"])).toEqual(Array(3).fill(delivery!.eventId));
  });

  it("keeps each endpoint's events in order: a failing one holds back the ones after it", async () => {
    const { endpoint } = await endpointFor(receiver.url);
    for (const n of [1, 2, 3]) await fanOut(await emit(n));
    receiver.answerNext(status(500));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    expect(receiver.received).toHaveLength(1);

    advance(retryDelayMs(1));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    const sent = receiver.received.map((hook) => (JSON.parse(hook.body) as { data: { minutes: number } }).data.minutes);
    expect(sent).toEqual([1, 1, 2, 3]);
  });

  it("turns off an endpoint that failed for 3 days and tells owners and admins", async () => {
    const { endpoint } = await endpointFor(receiver.url);
    await fanOut(await emit(1));
    receiver.answerNext(status(500), status(500));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    advance(disableAfterMs);
    await drainEndpoint(deps, owner.companyId, endpoint.id);

    const after = await withTenant(db, owner, (tx) => getEndpoint(tx, endpoint.id));
    expect(after?.disabledAt).toEqual(clock);
    const notified = await db.query<{ userId: string }>(sql`
      select user_id as "userId" from notifications where kind = 'webhook-endpoint-disabled' order by user_id`);
    expect(notified.map((row) => row.userId)).toEqual([owner.userId, admin.userId].sort());
    const emails = await db.query(sql`select id from outbox where job = 'send-email' and payload->>'template' = 'webhook-endpoint-disabled'`);
    expect(emails).toHaveLength(2);
    // Turned off: nothing more is sent.
    advance(retryDelayMs(2));
    expect(await drainEndpoint(deps, owner.companyId, endpoint.id)).toBe(0);
  });

  it("resends a delivery with the same event id", async () => {
    const { endpoint } = await endpointFor(receiver.url);
    await fanOut(await emit(1));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    const [delivery] = await deliveries(endpoint.id);
    expect(await withTenant(db, owner, (tx) => resendDelivery(tx, endpoint.id, delivery!.id))).toEqual({ deliveryId: delivery!.id });
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    expect(receiver.received.map((hook) => hook.headers["webhook-id"])).toEqual([delivery!.eventId, delivery!.eventId]);
    expect((await deliveries(endpoint.id))[0]!.log.map((attempt) => attempt.attempt)).toEqual([1, 2]);
  });

  it("signs with both secrets while a rotation's overlap lasts", async () => {
    const { endpoint, secret: old } = await endpointFor(receiver.url);
    const rotated = await withTenant(db, owner, (tx) => rotateSecret(tx, secrets, endpoint.id, 24));
    await fanOut(await emit(1));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    const [hook] = receiver.received;
    for (const secret of [old, rotated!.secret]) {
      expect(new Webhook(secret).verify(hook!.body, hook!.headers as Record<string, string>)).toMatchObject({ type: "time_entry.created" });
    }
    // Without overlap the old secret stops signing at once.
    const again = await withTenant(db, owner, (tx) => rotateSecret(tx, secrets, endpoint.id, 0));
    await fanOut(await emit(2));
    advance(1_000);
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    const second = receiver.received[1]!;
    expect(() => new Webhook(rotated!.secret).verify(second.body, second.headers as Record<string, string>)).toThrow();
    expect(new Webhook(again!.secret).verify(second.body, second.headers as Record<string, string>)).toMatchObject({ type: "time_entry.created" });
  });
});

describe("another company and other roles", () => {
  it("can neither see nor resend a company's endpoints and deliveries", async () => {
    const { endpoint } = await endpointFor(receiver.url);
    await fanOut(await emit(1));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    const [delivery] = await deliveries(endpoint.id);

    for (const outsider of [otherOwner, employee]) {
      await withTenant(db, outsider, async (tx) => {
        expect(await listEndpoints(tx)).toEqual([]);
        expect(await getEndpoint(tx, endpoint.id)).toBeNull();
        expect(await listDeliveries(tx, endpoint.id, { limit: 50 })).toEqual([]);
        expect(await resendDelivery(tx, endpoint.id, delivery!.id)).toBeNull();
      });
    }
    // Another company's drain of this endpoint finds nothing to send.
    expect(await drainEndpoint(deps, otherOwner.companyId, endpoint.id)).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });
});

describe("refused destinations", () => {
  const production = { requireHttps: true, allowLoopback: false };

  it("refuses http in production, private, loopback and link-local addresses, and localhost", () => {
    expect(urlProblem("http://hooks.example/in", production)).toBe("Use an https:// URL");
    for (const url of ["https://10.1.2.3/", "https://192.168.0.5/", "https://127.0.0.1/", "https://169.254.169.254/latest", "https://[::1]/", "https://[fe80::1]/", "https://[::ffff:10.0.0.1]/", "https://localhost/"]) {
      expect(urlProblem(url, production), url).toMatch(/public addresses only/);
    }
    expect(urlProblem("https://hooks.example/in", production)).toBeNull();
    expect(urlProblem("http://127.0.0.1:9/", loopbackAllowed)).toBeNull();
  });

  it("refuses at connect time a name that resolves to a private address (DNS rebinding)", async () => {
    const { endpoint } = await endpointFor(`http://rebinding.test:${receiver.port}/hooks`);
    await fanOut(await emit(1));
    // When saved the name was not checked against DNS; when sent it resolves to loopback.
    const rebinding: NonNullable<DeliveryDependencies["resolve"]> = (_host, _options, callback) =>
      callback(null, [{ address: "127.0.0.1", family: 4 }]);
    await drainEndpoint({ ...deps, policy: { requireHttps: false, allowLoopback: false }, resolve: rebinding }, owner.companyId, endpoint.id);
    expect(receiver.received).toEqual([]);
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery!.log[0]).toMatchObject({ responseStatus: null, error: expect.stringMatching(/not a public address/) });
  });

  it("does not follow redirects", async () => {
    const elsewhere = await startWebhookReceiver();
    try {
      const { endpoint } = await endpointFor(receiver.url);
      await fanOut(await emit(1));
      receiver.answerNext((response) => response.writeHead(307, { location: elsewhere.url }).end());
      await drainEndpoint(deps, owner.companyId, endpoint.id);
      expect(elsewhere.received).toEqual([]);
      const [delivery] = await deliveries(endpoint.id);
      expect(delivery).toMatchObject({ status: "pending" });
      expect(delivery!.log[0]).toMatchObject({ responseStatus: 307, error: "Redirects are not followed" });
    } finally {
      await elsewhere.close();
    }
  });

  it("keeps the first KB of an answer and gives up on one that doesn't come", async () => {
    const { endpoint } = await endpointFor(receiver.url);
    await fanOut(await emit(1));
    receiver.answerNext(status(200, "x".repeat(100_000)));
    await drainEndpoint(deps, owner.companyId, endpoint.id);
    expect((await deliveries(endpoint.id))[0]!.log[0]!.responseBody).toHaveLength(1024);

    await fanOut(await emit(2));
    receiver.answerNext(() => undefined); // never answers
    await drainEndpoint({ ...deps, timeoutMs: 200 }, owner.companyId, endpoint.id);
    const [latest] = await deliveries(endpoint.id);
    expect(latest!.log[0]).toMatchObject({ responseStatus: null, error: "No answer within 0.2 s" });
  });
});
