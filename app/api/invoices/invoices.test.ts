import type { AppLoadContext } from "@remix-run/node";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { approvedTime, createManualDraft, setInvoiceSettings } from "../../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createClient, createProject } from "../../../db/testing/time-fixtures";
import { createSignedInMembers, requestAs } from "~/testing/context";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import { apiClient, companyWith, problemOf, tokenFor, type ApiCall } from "~/testing/api-harness";
import { loader as pagePdf } from "../../routes/c.$company.invoices.$invoiceId.pdf";
import type { invoiceSchema } from "./schemas";
import type { z } from "zod";

/**
 * Invoices over the API, as a finance system uses them: the pages' rules (a draft
 * changes, an issued invoice only moves on; numbers stay gapless; credit notes never
 * credit more than was invoiced), the pages' roles, and the token in the audit log.
 * What every operation answers, and in which shape, is the contract test's.
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

type Invoice = z.output<typeof invoiceSchema>;

/** A company that can issue (legal name, 19 % tax, INV-<year>-0001 numbering), and its owner's API. */
async function financeCompany() {
  const { companyId, people } = await companyWith(db, { owner: "owner", manager: "manager", employee: "employee" });
  await setInvoiceSettings(db, companyId, { taxRateBp: 1_900 });
  const { id: tokenId, token } = await tokenFor(context, people.owner);
  return { companyId, people, tokenId, api: apiClient(context, token) };
}

/** A client with 2 h 20 of approved billable time in March 2026 at 120.00 an hour. */
async function clientWithTime(companyId: string, person: TenantContext): Promise<string> {
  const clientId = await createClient(db, companyId, { currency: "EUR" });
  const projectId = await createProject(db, companyId, { clientId, hourlyRateMinor: 12_000 });
  await approvedTime(db, [
    { companyId, userId: person.userId, projectId, day: "2026-03-03", minutes: 80 },
    { companyId, userId: person.userId, projectId, day: "2026-03-04", minutes: 60 },
  ]);
  return clientId;
}

const march = { from: "2026-03-01", to: "2026-03-31", groupBy: "project-task" };

async function read(api: ApiCall, invoiceId: string): Promise<{ invoice: Invoice; etag: string }> {
  const response = await api("GET", `/api/v1/invoices/${invoiceId}`);
  expect(response.status).toBe(200);
  return { invoice: (await response.json()) as Invoice, etag: response.headers.get("ETag")! };
}

async function issued(api: ApiCall, invoiceId: string, body: Record<string, string> = {}): Promise<Invoice> {
  const response = await api("POST", `/api/v1/invoices/${invoiceId}/issue`, { body });
  expect(response.status).toBe(200);
  return (await response.json()) as Invoice;
}

/** The sequence of a number of the series INV-<year>-NNNN. */
const sequenceOf = (number: string | null) => Number(/^INV-\d{4}-(\d{4})$/.exec(number ?? "")?.[1]);

describe("an invoice's life over the API", () => {
  it("is built from approved time, gets a line, a discount and notes, is issued once with If-Match, then paid: audited as the token", async () => {
    const { companyId, people, tokenId, api } = await financeCompany();
    const clientId = await clientWithTime(companyId, people.employee);

    const created = await api("POST", "/api/v1/invoices", { body: { clientId, ...march } });
    expect(created.status).toBe(201);
    const draft = (await created.json()) as Invoice;
    expect(created.headers.get("Location")).toBe(`/api/v1/invoices/${draft.id}`);
    expect(draft).toMatchObject({
      status: "draft",
      number: null,
      periodFrom: "2026-03-01",
      periodTo: "2026-03-31",
      entryCount: 2,
      lines: [{ kind: "time", quantity: 140, unitPriceMinor: 12_000, amountMinor: 28_000, taxRateBp: 1_900, taxMinor: 5_320 }],
    });

    const line = { description: "Licence", quantity: 2, unitPrice: "50.25", taxRate: "7.5" };
    expect((await api("POST", `/api/v1/invoices/${draft.id}/lines`, { body: line })).status).toBe(200);
    expect((await api("POST", `/api/v1/invoices/${draft.id}/discounts`, { body: { description: "Loyalty", amount: "30" } })).status).toBe(200);
    const { etag: before } = await read(api, draft.id);
    const noted = await api("PATCH", `/api/v1/invoices/${draft.id}`, { body: { notes: "PO 4711" }, headers: { "If-Match": before } });
    expect(noted.status).toBe(200);
    expect(await noted.json()).toMatchObject({ notes: "PO 4711", subtotalMinor: 35_050, taxMinor: 5_504, totalMinor: 40_554 });

    // The tag read before the notes changed is stale: nothing is issued, and no number is used up.
    const stale = await api("POST", `/api/v1/invoices/${draft.id}/issue`, { body: {}, headers: { "If-Match": before } });
    expect(stale.status).toBe(412);
    expect((await read(api, draft.id)).invoice).toMatchObject({ status: "draft", number: null });

    const { etag } = await read(api, draft.id);
    const issue = await api("POST", `/api/v1/invoices/${draft.id}/issue`, { body: { issuedOn: "2026-04-01" }, headers: { "If-Match": etag } });
    expect(issue.status).toBe(200);
    const invoice = (await issue.json()) as Invoice;
    expect(invoice).toMatchObject({ status: "issued", issuedOn: "2026-04-01", dueOn: "2026-05-01", totalMinor: 40_554 });
    expect(sequenceOf(invoice.number)).toBe(1);
    expect(issue.headers.get("ETag")).toBe((await read(api, draft.id)).etag);

    const paid = await api("POST", `/api/v1/invoices/${draft.id}/pay`, { body: { paidOn: "2026-04-15" } });
    expect(await paid.json()).toMatchObject({ status: "paid", paidOn: "2026-04-15", number: invoice.number });
    const list = (await (await api("GET", `/api/v1/invoices?status=paid&clientId=${clientId}`)).json()) as { data: Invoice[] };
    expect(list.data.map(({ id, number, totalMinor }) => ({ id, number, totalMinor }))).toEqual([
      { id: draft.id, number: invoice.number, totalMinor: 40_554 },
    ]);

    const audited = await db.query<{ action: string; actor: string }>(sql`
      select action, actor_kind || ':' || actor_id as actor from audit_entries
       where company_id = ${companyId} and entity_id = ${draft.id} order by seq`);
    expect(audited.map((entry) => entry.action)).toEqual(expect.arrayContaining(["invoice.issue", "invoice.mark_paid"]));
    expect(new Set(audited.map((entry) => entry.actor))).toEqual(new Set([`api_key:${tokenId}`]));
  });

  it("numbers issued invoices without gaps: refused issues take no number, and two issued at once take the next two", async () => {
    const { companyId, api } = await financeCompany();
    const clientId = await createClient(db, companyId);
    const [first, second, third] = [
      await createManualDraft(db, companyId, clientId),
      await createManualDraft(db, companyId, clientId),
      await createManualDraft(db, companyId, clientId),
    ];
    const one = sequenceOf((await issued(api, first)).number);

    expect((await api("POST", `/api/v1/invoices/${second}/issue`, { body: { issuedOn: "2099-01-01" } })).status).toBe(422);
    expect((await api("POST", `/api/v1/invoices/${second}/issue`, { body: {}, headers: { "If-Match": '"old"' } })).status).toBe(412);
    expect((await api("POST", `/api/v1/invoices/${first}/issue`, { body: {} })).status).toBe(409);

    const both = await Promise.all([issued(api, second), issued(api, third)]);
    expect(both.map((invoice) => sequenceOf(invoice.number)).sort()).toEqual([one + 1, one + 2]);
  });

  it("corrects an issued invoice with credit notes, never for more than it is worth", async () => {
    const { companyId, api } = await financeCompany();
    const invoiceId = await createManualDraft(db, companyId, await createClient(db, companyId));
    const invoice = await issued(api, invoiceId);

    const part = await api("POST", `/api/v1/invoices/${invoiceId}/credit-part`, { body: { description: "Billed twice", amount: "40", taxRate: "0" } });
    expect(part.status).toBe(201);
    const note = (await part.json()) as Invoice;
    expect(part.headers.get("Location")).toBe(`/api/v1/invoices/${note.id}`);
    expect(note).toMatchObject({ kind: "credit_note", status: "issued", correctsId: invoiceId, correctsNumber: invoice.number, totalMinor: -4_000 });
    expect(sequenceOf(note.number)).toBe(sequenceOf(invoice.number) + 1);

    const whole = await api("POST", `/api/v1/invoices/${invoiceId}/credit`, { body: {} });
    expect(whole.status).toBe(409);
    expect(await problemOf(whole)).toMatchObject({ code: "conflict", detail: `Invoice ${invoice.number} is already partly credited: credit the rest line by line` });
    const tooMuch = await api("POST", `/api/v1/invoices/${invoiceId}/credit-part`, { body: { description: "Rest", amount: "60.01", taxRate: "0" } });
    expect(await problemOf(tooMuch)).toMatchObject({ status: 422, code: "rule-broken", errors: [{ field: "amount", message: expect.stringMatching(/left to credit/) }] });
    const voided = await api("POST", `/api/v1/invoices/${invoiceId}/void`);
    expect(await problemOf(voided)).toMatchObject({ status: 409, detail: `Invoice ${invoice.number} has credit notes: void them first` });
    expect((await read(api, invoiceId)).invoice.status).toBe("issued");
  });
});

describe("an issued invoice", () => {
  it("keeps its lines, notes and existence: each change is refused in the pages' words and nothing moves", async () => {
    const { companyId, api } = await financeCompany();
    const invoiceId = await createManualDraft(db, companyId, await createClient(db, companyId));
    const { number, lines } = await issued(api, invoiceId);
    const { etag } = await read(api, invoiceId);
    const cantChange = `Invoice ${number} is already issued and can't change`;

    const attempts: [string, string, unknown, number, string][] = [
      ["POST", "lines", { description: "Late fee", quantity: 1, unitPrice: "5" }, 422, cantChange],
      ["POST", "discounts", { description: "Sorry", amount: "5" }, 422, cantChange],
      ["DELETE", `lines/${lines[0]!.id}`, undefined, 409, cantChange],
      ["PATCH", "", { notes: "Changed" }, 422, cantChange],
      ["DELETE", "", undefined, 409, cantChange],
      ["POST", "issue", {}, 409, `This invoice is already issued as ${number} (now issued)`],
    ];
    for (const [method, path, body, status, detail] of attempts) {
      const response = await api(method, `/api/v1/invoices/${invoiceId}${path ? `/${path}` : ""}`, { body });
      expect({ method, path, status: response.status, detail: (await problemOf(response)).detail }).toEqual({ method, path, status, detail });
    }
    expect((await read(api, invoiceId)).etag).toBe(etag);

    // Void, it can't be paid either.
    expect((await api("POST", `/api/v1/invoices/${invoiceId}/void`)).status).toBe(200);
    const pay = await api("POST", `/api/v1/invoices/${invoiceId}/pay`, { body: {} });
    expect(await problemOf(pay)).toMatchObject({ status: 422, code: "rule-broken", detail: `Invoice ${number} is void` });
  });

  it("downloads as the same PDF as the invoice page's", async () => {
    const { companyId, api } = await financeCompany();
    const invoiceId = await createManualDraft(db, companyId, await createClient(db, companyId, { name: "PDF Client" }));
    const { number } = await issued(api, invoiceId);
    const fromApi = await api("GET", `/api/v1/invoices/${invoiceId}/pdf`);
    expect(fromApi.status).toBe(200);
    expect(fromApi.headers.get("Content-Type")).toBe("application/pdf");

    const { tokens } = await createSignedInMembers(db, context, companyId, { finance: "finance" });
    const [{ slug }] = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`)) as [{ slug: string }];
    const request = await requestAs(context, tokens.finance, `/c/${slug}/invoices/${invoiceId}/pdf`);
    const fromPage = await pagePdf({ request, params: { company: slug, invoiceId }, context });

    const textOf = async (response: Response) =>
      (await extractText(await getDocumentProxy(new Uint8Array(await response.arrayBuffer())), { mergePages: true })).text;
    expect(fromApi.headers.get("Content-Disposition")).toBe(fromPage.headers.get("Content-Disposition"));
    const text = await textOf(fromApi);
    expect(text).toContain(number!);
    expect(text).toBe(await textOf(fromPage));
  });
});

describe("who may", () => {
  it("refuses managers' and employees' tokens even with the invoice scopes, and another company's token sees nothing of ours", async () => {
    const { companyId, people, api } = await financeCompany();
    const clientId = await clientWithTime(companyId, people.employee);
    const draft = (await (await api("POST", "/api/v1/invoices", { body: { clientId, ...march } })).json()) as Invoice;
    const { etag } = await read(api, draft.id);

    for (const role of ["manager", "employee"] as const) {
      const { token } = await tokenFor(context, people[role], ["invoices:read", "invoices:write"]);
      const attempts: [string, string, unknown, string][] = [
        ["GET", "/api/v1/invoices", undefined, "invoice:view"],
        ["GET", `/api/v1/invoices/${draft.id}`, undefined, "invoice:view"],
        ["GET", `/api/v1/invoices/${draft.id}/pdf`, undefined, "invoice:view"],
        ["POST", "/api/v1/invoices", { clientId, ...march }, "invoice:manage"],
        ["POST", `/api/v1/invoices/${draft.id}/lines`, { description: "Sneaky", quantity: 1, unitPrice: "1" }, "invoice:manage"],
        ["POST", `/api/v1/invoices/${draft.id}/issue`, {}, "invoice:manage"],
        ["DELETE", `/api/v1/invoices/${draft.id}`, undefined, "invoice:manage"],
      ];
      for (const [method, path, body, permission] of attempts) {
        const response = await api(method, path, { token, body });
        expect({ role, method, path, status: response.status, problem: await problemOf(response) }).toMatchObject({
          role, method, path, status: 403, problem: { code: "forbidden", permission },
        });
      }
    }

    const stranger = await financeCompany();
    expect((await stranger.api("POST", `/api/v1/invoices/${draft.id}/issue`, { body: {} })).status).toBe(404);
    expect((await stranger.api("GET", `/api/v1/invoices/${draft.id}/pdf`)).status).toBe(404);
    const theirs = (await (await stranger.api("GET", "/api/v1/invoices")).json()) as { data: Invoice[] };
    expect(theirs.data).toEqual([]);

    expect((await read(api, draft.id)).etag).toBe(etag);
    const [{ count }] = (await db.query<{ count: number }>(sql`
      select count(*)::int as count from invoices where company_id = ${companyId}`)) as [{ count: number }];
    expect(count).toBe(1);
  });
});
