import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext } from "../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createTestApp, type TestApp } from "~/testing/context";
import { apiClient, companyWith, problemOf, tokenFor, type ApiCall } from "~/testing/api-harness";
import { authenticate } from "./api.server";
import { idempotently } from "./idempotency.server";

/** Idempotency-Key on the API's POSTs, through the real route modules over a real database. */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

async function ownerWithToken(): Promise<{ owner: TenantContext; token: string; call: ApiCall }> {
  const { people } = await companyWith(db, { owner: "owner" });
  const { token } = await tokenFor(context, people.owner);
  return { owner: people.owner, token, call: apiClient(context, token) };
}

async function teamsNamed(companyId: string, name: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(sql`
    select count(*)::int as count from teams where company_id = ${companyId} and name = ${name}`);
  return row!.count;
}

const withKey = (key: string, headers: Record<string, string> = {}) => ({ "Idempotency-Key": key, ...headers });

describe("Idempotency-Key", () => {
  it("answers a retry with the first answer, status, body and headers, and changes nothing again", async () => {
    const { owner, call } = await ownerWithToken();
    const key = crypto.randomUUID();
    const first = await call("POST", "/api/v1/teams", { body: { name: "Support" }, headers: withKey(key) });
    const retry = await call("POST", "/api/v1/teams", { body: { name: "Support" }, headers: withKey(key) });

    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    for (const header of ["Location", "ETag", "Content-Type"]) expect(retry.headers.get(header)).toBe(first.headers.get(header));
    expect(await retry.json()).toEqual(await first.json());
    expect(await teamsNamed(owner.companyId, "Support")).toBe(1);
  });

  it("refuses the key with another body (422) and changes nothing", async () => {
    const { owner, call } = await ownerWithToken();
    const key = crypto.randomUUID();
    await call("POST", "/api/v1/teams", { body: { name: "Support" }, headers: withKey(key) });
    const other = await call("POST", "/api/v1/teams", { body: { name: "Sales" }, headers: withKey(key) });

    expect(other.status).toBe(422);
    expect(await problemOf(other)).toMatchObject({ code: "idempotency-key-reused" });
    expect(await teamsNamed(owner.companyId, "Sales")).toBe(0);
  });

  it("refuses the key on another path, as another request", async () => {
    const { owner, call } = await ownerWithToken();
    const key = crypto.randomUUID();
    const created = await call("POST", "/api/v1/teams", { body: { name: "Support" }, headers: withKey(key) });
    const { id } = (await created.json()) as { id: string };
    const archive = await call("POST", `/api/v1/teams/${id}/archive`, { headers: withKey(key) });

    expect(archive.status).toBe(422);
    const [team] = await db.query<{ archived: boolean }>(sql`
      select archived_at is not null as archived from teams where company_id = ${owner.companyId} and id = ${id}`);
    expect(team?.archived).toBe(false);
  });

  it("keeps no refusal: the same key runs again, and may then carry another request", async () => {
    const { owner, call } = await ownerWithToken();
    await call("POST", "/api/v1/teams", { body: { name: "Taken" } });
    const key = crypto.randomUUID();

    const refused = await call("POST", "/api/v1/teams", { body: { name: "Taken" }, headers: withKey(key) });
    expect(refused.status).toBe(409);
    const invalid = await call("POST", "/api/v1/teams", { body: { name: " " }, headers: withKey(key) });
    expect(invalid.status).toBe(400);
    const fixed = await call("POST", "/api/v1/teams", { body: { name: "Not taken" }, headers: withKey(key) });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await teamsNamed(owner.companyId, "Not taken")).toBe(1);
  });

  it("keeps keys per token: another token's same key is its own request", async () => {
    const { owner, call } = await ownerWithToken();
    const { token: second } = await tokenFor(context, owner);
    const key = crypto.randomUUID();
    await call("POST", "/api/v1/teams", { body: { name: "First" }, headers: withKey(key) });
    const other = await call("POST", "/api/v1/teams", { token: second, body: { name: "Second" }, headers: withKey(key) });

    expect(other.status).toBe(201);
    expect(await teamsNamed(owner.companyId, "Second")).toBe(1);
  });

  it("applies two identical requests sent at the same moment once: the second waits and gets the first's answer", async () => {
    const { owner, call } = await ownerWithToken();
    const key = crypto.randomUUID();
    const send = () => call("POST", "/api/v1/teams", { body: { name: "Concurrent" }, headers: withKey(key) });
    const [a, b] = await Promise.all([send(), send()]);

    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.headers.get("Idempotent-Replayed"), b.headers.get("Idempotent-Replayed")].sort()).toEqual(["true", null].sort());
    expect(await a.json()).toEqual(await b.json());
    expect(await teamsNamed(owner.companyId, "Concurrent")).toBe(1);
  });

  it("answers 409 when the first request is still running after the wait, then replays once it has finished", async () => {
    const { token } = await ownerWithToken();
    const key = crypto.randomUUID();
    const request = () =>
      new Request("http://hourbook.test/api/v1/teams", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Idempotency-Key": key },
        body: "{}",
      });
    const args = { request: request(), context, params: {} };
    const caller = await authenticate(args);
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const first = idempotently(args, caller, "{}", async () => {
      await finished;
      return new Response("first", { status: 201 });
    });
    // Let the first claim the key before the second asks.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const waited = await idempotently({ request: request(), context }, caller, "{}", () => Promise.resolve(new Response("second")), {
      waitMs: 50,
    }).catch((thrown: unknown) => thrown as Response);
    expect(waited.status).toBe(409);
    expect(await problemOf(waited)).toMatchObject({ code: "idempotency-key-in-use" });

    finish();
    expect(await (await first).text()).toBe("first");
    const replayed = await idempotently({ request: request(), context }, caller, "{}", () => Promise.resolve(new Response("second")));
    expect([replayed.status, await replayed.text()]).toEqual([201, "first"]);
  });

  it("forgets a key after 24 hours: the same request then runs again", async () => {
    const { owner, call } = await ownerWithToken();
    const key = crypto.randomUUID();
    await call("POST", "/api/v1/teams", { body: { name: "Daily" }, headers: withKey(key) });
    // Yesterday's team has another name today, so running the request again can succeed.
    await db.query(sql`update teams set name = 'Yesterday' where company_id = ${owner.companyId} and name = 'Daily'`);
    const [kept] = await db.query<{ hours: number }>(sql`
      select round(extract(epoch from expires_at - created_at) / 3600)::int as hours
        from api_idempotency_keys where company_id = ${owner.companyId} and key = ${key}`);
    expect(kept?.hours).toBe(24);
    await db.query(sql`update api_idempotency_keys set expires_at = now() - interval '1 second' where key = ${key}`);

    const again = await call("POST", "/api/v1/teams", { body: { name: "Daily" }, headers: withKey(key) });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("refuses a key that isn't 1 to 255 visible characters (400), and takes the draft's quoted form", async () => {
    const { call } = await ownerWithToken();
    const long = await call("POST", "/api/v1/teams", { body: { name: "Long" }, headers: withKey("k".repeat(256)) });
    expect(long.status).toBe(400);
    expect(await problemOf(long)).toMatchObject({ errors: [{ field: "Idempotency-Key" }] });

    const quoted = await call("POST", "/api/v1/teams", { body: { name: "Quoted" }, headers: withKey('"abc-123"') });
    const bare = await call("POST", "/api/v1/teams", { body: { name: "Quoted" }, headers: withKey("abc-123") });
    expect([quoted.status, bare.status, bare.headers.get("Idempotent-Replayed")]).toEqual([201, 201, "true"]);
  });
});
