import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { approvedTime, createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient, createProject } from "../../db/testing/time-fixtures";
import { issueInvoice } from "./issuing.server";
import { createDraftInvoice } from "./invoices.server";

/**
 * Issuing under real concurrency: separate transactions on separate pooled
 * connections, racing for the company's counter row (migration 0008).
 */
let db: TestDatabase;
let companyId: string;
let finance: TenantContext;
let clientId: string;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  companyId = await createCompany(db, "Concurrent invoicing");
  finance = await createMember(db, companyId, "finance");
  await setInvoiceSettings(db, companyId, { prefix: "INV-", yearlyReset: false, padding: 4 });
  clientId = await createClient(db, companyId);
});
afterAll(() => db.close());

const issue = (invoiceId: string) => withTenant(db, finance, (tx) => issueInvoice(tx, invoiceId, { issuedOn: "2026-04-01" }));

describe("issuing on a Postgres pool", () => {
  it("gives 50 invoices issued at once the numbers 1…50, no gap, no duplicate", async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 50; i++) drafts.push(await createManualDraft(db, companyId, clientId));
    const results = await Promise.all(drafts.map((id) => issue(id)));

    expect(results.every((result) => result?.ok)).toBe(true);
    const numbers = results.map((result) => (result as { number: string }).number).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `INV-${String(i + 1).padStart(4, "0")}`));
    const stored = await db.query<{ seq: number }>(sql`
      select number_seq as seq from invoices where company_id = ${companyId} and id = any(${drafts}::uuid[]) order by 1`);
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await db.query(sql`select last_number from invoice_number_series where company_id = ${companyId}`)).toEqual([{ last_number: 50 }]);
  });

  it("answers a double click's second request that the invoice is already issued, and uses one number", async () => {
    const [before] = await db.query<{ last: number }>(sql`
      select last_number as last from invoice_number_series where company_id = ${companyId}`);
    const draft = await createManualDraft(db, companyId, clientId);
    const results = await Promise.all([issue(draft), issue(draft)]);
    const number = `INV-${String(before!.last + 1).padStart(4, "0")}`;
    expect(results).toEqual(
      expect.arrayContaining([
        { ok: true, id: draft, number },
        { ok: false, message: `This invoice is already issued as ${number} (now issued)` },
      ]),
    );
    expect(await db.query(sql`select last_number from invoice_number_series where company_id = ${companyId}`)).toEqual([{ last_number: before!.last + 1 }]);
  });

  it("lets only one of two drafts racing for the same time be issued", async () => {
    const person = await createMember(db, companyId, "employee");
    const projectId = await createProject(db, companyId, { clientId, hourlyRateMinor: 6_000 });
    const [entry] = await approvedTime(db, [{ companyId, userId: person.userId, projectId, day: "2026-03-02", minutes: 60 }]);
    const drafts = await Promise.all(
      [0, 1].map(() =>
        withTenant(db, finance, (tx) => createDraftInvoice(tx, { clientId, from: "2026-03-01", to: "2026-03-31", groupBy: "person" })),
      ),
    );
    const results = await Promise.all(drafts.map((draft) => issue((draft as { id: string }).id)));
    expect(results.filter((result) => result?.ok)).toHaveLength(1);
    expect(results.filter((result) => !result?.ok)).toEqual([
      { ok: false, message: "Some of this time was invoiced on another invoice meanwhile: delete this draft and build it again" },
    ]);
    expect(await db.query(sql`select count(*)::int as count from invoice_entries where entry_id = ${entry!} and billed`)).toEqual([{ count: 1 }]);
  });
});
