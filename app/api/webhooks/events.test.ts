import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { perform } from "~/kernel/operations";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import { apiClient, companyWith, memberOf, tokenFor } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { deleteEntryOperation, saveEntryOperation } from "~/time/operations.server";
import { sql } from "../../../db/sql";
import { createProject } from "../../../db/testing/time-fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";

/**
 * Changes announce themselves whichever door they came by: the API's and a page's
 * operation write the same event, the resource as the API shows it, in the change's
 * transaction; a refused change announces nothing.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

const eventsOf = (companyId: string) =>
  db.query<{ type: string; payload: { id: string; type: string; companyId: string; timestamp: string; data: Record<string, unknown> } }>(sql`
    select type, payload from webhook_events where company_id = ${companyId} order by seq`);

describe("webhook events of time entries", () => {
  it("are written by the API and by the page's operation alike, with the API's representation", async () => {
    const { companyId, people } = await companyWith(db, { employee: "employee" });
    const projectId = await createProject(db, companyId);
    const day = shiftDay(todayIn("UTC"), -1);
    const call = apiClient(context, (await tokenFor(context, people.employee)).token);

    const created = await call("POST", "/api/v1/time-entries", { body: { projectId, day, minutes: 90, notes: "Design review" } });
    expect(created.status).toBe(201);
    const entry = (await created.json()) as Record<string, unknown>;

    // The page's door: the same operation through perform.
    const services = { member: memberOf(people.employee), services: context };
    const changed = await perform(saveEntryOperation, { entryId: entry.id as string, minutes: 120 }, services);
    expect(changed.ok).toBe(true);
    const changedEntry = (await (await call("GET", `/api/v1/time-entries/${entry.id as string}`)).json()) as Record<string, unknown>;
    expect((await perform(deleteEntryOperation, { entryId: entry.id as string }, services)).ok).toBe(true);

    const events = await eventsOf(companyId);
    expect(events.map((event) => event.type)).toEqual(["time_entry.created", "time_entry.updated", "time_entry.deleted"]);
    expect(events[0]!.payload).toMatchObject({ type: "time_entry.created", companyId, data: entry });
    expect(events[1]!.payload.data).toEqual(changedEntry);
    // A deletion carries the entry as it was.
    expect(events[2]!.payload.data).toEqual(changedEntry);
    expect(new Set(events.map((event) => event.payload.id)).size).toBe(3);
    expect(events[0]!.payload.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("are not written for a refused change", async () => {
    const { companyId, people } = await companyWith(db, { employee: "employee" });
    const projectId = await createProject(db, companyId);
    const call = apiClient(context, (await tokenFor(context, people.employee)).token);
    // 25 hours in a day breaks a rule: 422, nothing saved, nothing announced.
    const refused = await call("POST", "/api/v1/time-entries", { body: { projectId, day: shiftDay(todayIn("UTC"), -1), minutes: 1500 } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await eventsOf(companyId)).toEqual([]);
  });
});
