import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { toModelFilter, type AuditFilterInput } from "~/audit/filter";
import { apiClient, companyWith, tokenFor } from "~/testing/api-harness";
import { createTestApp, type TestApp } from "~/testing/context";
import type { z } from "zod";
import { auditEventLines } from "./events.server";
import type { auditEventPageSchema, auditEventSchema } from "./schemas";

/**
 * The audit log over the API: the page's filters, newest first, pages that hold
 * still while the log grows, an export that is exactly the filtered log, and changes
 * made with a token recorded with the token as their actor.
 */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  // No billing configured: the embedded default plan includes exports.
  app = await createTestApp(db);
  context = app.context();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

type Event = z.output<typeof auditEventSchema>;
type Page = z.output<typeof auditEventPageSchema>;

async function company() {
  const { people } = await companyWith(db, { owner: "owner", finance: "finance" });
  const owner = await tokenFor(context, people.owner, ["audit:read", "teams:write"]);
  const call = apiClient(context, owner.token);
  const team = async (name: string) => (await (await call("POST", "/api/v1/teams", { body: { name } })).json()) as { id: string };
  return { people, owner, call, team };
}

async function everyPage(call: ReturnType<typeof apiClient>, path: string, between?: () => Promise<unknown>): Promise<Event[]> {
  const events: Event[] = [];
  let next: string | null = path;
  while (next) {
    const response = await call("GET", next);
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    events.push(...page.data);
    next = response.headers.get("Link")?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
    expect(next === null).toBe(page.nextCursor === null);
    await between?.();
  }
  return events;
}

const exported = async (call: ReturnType<typeof apiClient>, query: string) => {
  const response = await call("GET", `/api/v1/audit-events/export${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/x-ndjson; charset=utf-8");
  const text = await response.text();
  return { text, events: text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Event) };
};

describe("the audit log over the API", () => {
  it("names the token as the actor of a change made with it", async () => {
    const { owner, call, team } = await company();
    const { id } = await team("Made by a script");
    const page = (await (await call("GET", `/api/v1/audit-events?entity=team&entityId=${id}`)).json()) as Page;
    expect(page.data).toEqual([
      expect.objectContaining({
        action: "team.create",
        entityId: id,
        actorKind: "api_key",
        actorId: owner.id,
        actorName: expect.stringMatching(/^Script /),
        changes: expect.objectContaining({ name: { old: null, new: "Made by a script" } }),
      }),
    ]);
    const byToken = (await (await call("GET", `/api/v1/audit-events?actor=${owner.id}&entity=team`)).json()) as Page;
    expect(byToken.data.map((event) => event.entityId)).toEqual([id]);
  });

  it("pages newest first with the page's filters, neither repeating nor skipping while the log grows", async () => {
    const { call, team } = await company();
    for (const name of ["A", "B", "C", "D", "E"]) await team(name);
    const before = await everyPage(call, "/api/v1/audit-events?entity=team&limit=50");
    expect(before.map((event) => event.changes.name?.new)).toEqual(["E", "D", "C", "B", "A"]);

    let added = 0;
    const paged = await everyPage(call, "/api/v1/audit-events?entity=team&limit=2", () => team(`Meanwhile ${++added}`));
    expect(paged).toEqual(before);
    const seqs = paged.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it("exports exactly the filtered events, in the list's order, one per line, across the reader's batches", async () => {
    const { people, call, team } = await company();
    for (const name of ["One", "Two", "Three"]) await team(name);
    await call("PATCH", `/api/v1/teams/${(await team("Four")).id}`, { body: { name: "Four, renamed" } });
    for (const query of ["?entity=team", "?action=team.update", "?entity=member", ""]) {
      const { text, events } = await exported(call, query);
      const listed = await everyPage(call, `/api/v1/audit-events${query ? `${query}&` : "?"}limit=3`);
      expect(events).toEqual(listed);
      expect(events.length).toBeGreaterThan(0);
      // The route reads a thousand at a time; two at a time gives the same lines.
      const filter = toModelFilter(Object.fromEntries(new URLSearchParams(query)) as AuditFilterInput);
      const inPairs = await context.withTenant(people.owner, async (tx) => {
        let lines = "";
        for await (const chunk of auditEventLines(tx, filter, 2)) lines += chunk;
        return lines;
      });
      expect(inPairs).toBe(text);
    }
    expect((await exported(call, "?action=team.update")).events.map((event) => event.changes.name)).toEqual([{ old: "Four", new: "Four, renamed" }]);
  });

  it("lets finance read the log but not export it, as on the pages", async () => {
    const { people } = await company();
    const finance = apiClient(context, (await tokenFor(context, people.finance as TenantContext, ["audit:read"])).token);
    expect((await finance("GET", "/api/v1/audit-events")).status).toBe(200);
    const refused = await finance("GET", "/api/v1/audit-events/export");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden", permission: "audit:export" });
  });
});
