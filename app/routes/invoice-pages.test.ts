import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { approvedTime, createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient, createProject } from "../../db/testing/time-fixtures";
import { countingQueries, createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { getInvoice, type Invoice } from "~/invoices/invoices.server";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import * as companyLayout from "./c.$company";
import * as clientPage from "./c.$company.clients.$clientId";
import * as invoicePage from "./c.$company.invoices.$invoiceId/route";
import * as creditRoute from "./c.$company.invoices.$invoiceId.credit/route";
import * as deleteRoute from "./c.$company.invoices.$invoiceId.delete/route";
import * as issueRoute from "./c.$company.invoices.$invoiceId.issue/route";
import * as linesRoute from "./c.$company.invoices.$invoiceId.lines/route";
import * as notesRoute from "./c.$company.invoices.$invoiceId.notes/route";
import * as paymentRoute from "./c.$company.invoices.$invoiceId.payment/route";
import * as voidRoute from "./c.$company.invoices.$invoiceId.void/route";
import * as invoicesPage from "./c.$company.invoices._index";
import * as settingsPage from "./c.$company.invoices.settings";
import type { NavGroup } from "~/components/SectionNav";

/**
 * The invoice pages as each role reaches them: finance builds, issues, marks paid,
 * voids and credits; managers and employees get 403 and change nothing; bad input
 * is a 400 on the field it concerns, a rule's refusal a 422 on it, never a 500 or a
 * half-made invoice.
 */
interface RouteModule {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
}

let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
const company = { id: "", slug: "" };
let people: Record<"finance" | "admin" | "manager" | "employee", TenantContext>;
let tokens: Record<"finance" | "admin" | "manager" | "employee", string>;
let foreignClientId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  company.id = await createCompany(db, "Invoice pages");
  const [row] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${company.id}`);
  company.slug = row!.slug;
  // Signing in touches the membership, and a company must always have an owner.
  await createMember(db, company.id, "owner");
  ({ people, tokens } = await createSignedInMembers(db, context, company.id, {
    finance: "finance",
    admin: "admin",
    manager: "manager",
    employee: "employee",
  }));
  await setInvoiceSettings(db, company.id, { taxRateBp: 1_900 });
  foreignClientId = await createClient(db, await createCompany(db, "Elsewhere"));
});

afterAll(async () => {
  await app.close();
  await db.close();
});

type Role = keyof typeof tokens;
const pages = {
  list: { module: invoicesPage, path: () => "invoices" },
  invoice: { module: invoicePage, path: (id: string) => `invoices/${id}` },
  settings: { module: settingsPage, path: () => "invoices/settings" },
  client: { module: clientPage, path: (id: string) => `clients/${id}` },
} satisfies Record<string, { module: RouteModule; path: (id: string) => string }>;
type Page = keyof typeof pages;

/** The invoice's page shows it; each of its changes is posted to the child route that acts. */
const invoiceChanges: Record<string, { module: RouteModule; path: string }> = {
  "add-line": { module: linesRoute, path: "lines" },
  "add-discount": { module: linesRoute, path: "lines" },
  "remove-line": { module: linesRoute, path: "lines" },
  notes: { module: notesRoute, path: "notes" },
  delete: { module: deleteRoute, path: "delete" },
  issue: { module: issueRoute, path: "issue" },
  "mark-paid": { module: paymentRoute, path: "payment" },
  void: { module: voidRoute, path: "void" },
  credit: { module: creditRoute, path: "credit" },
  "credit-part": { module: creditRoute, path: "credit" },
};

async function call(role: Role, page: Page, kind: keyof RouteModule, id = "", body?: Record<string, string>, search = "") {
  // Only the ids a page's URL has, as Remix passes them.
  const params = { company: company.slug, ...(id ? { invoiceId: id, clientId: id } : {}) };
  const init = body ? { method: "POST", body: new URLSearchParams(body) } : {};
  const change = page === "invoice" && kind === "action" ? invoiceChanges[body?.intent ?? ""] : undefined;
  const path = `${pages[page].path(id)}${change ? `/${change.path}` : ""}${search}`;
  const request = await requestAs(context, tokens[role], `/c/${company.slug}/${path}`, init);
  const route = change?.module ?? (pages[page].module as RouteModule);
  return route[kind]!({ request, params, context }).catch((thrown: unknown) => thrown);
}

/** A loader's data; a thrown error fails the test rather than passing as a status. */
async function load<T = Record<string, unknown>>(role: Role, page: Page, id = "", search = ""): Promise<T> {
  const outcome = await call(role, page, "loader", id, undefined, search);
  if (outcome instanceof Error || outcome instanceof Response) throw outcome;
  return outcome as T;
}

async function post(role: Role, page: Page, body: Record<string, string>, id = "") {
  const outcome = await call(role, page, "action", id, body);
  if (outcome instanceof Error) throw outcome;
  return { status: statusOf(outcome) ?? 200, outcome };
}

/** The field errors of a rejected form (Conform's reply). */
function fieldErrors(outcome: unknown): Record<string, string[]> {
  return (outcome as { data?: { error?: Record<string, string[]> } }).data?.error ?? {};
}

/** A success's confirmation, from the flash cookie its redirect sets; a refusal's message, from the form's errors. */
async function messageOf(outcome: unknown): Promise<string | undefined> {
  if (outcome instanceof Response) {
    const flash = (await context.auth.flash.parse(outcome.headers.get("Set-Cookie"))) as { message?: string } | null;
    return flash?.message;
  }
  return (outcome as { data?: { error?: Record<string, string[]> } }).data?.error?.[""]?.[0];
}

const read = (invoiceId: string) => context.withTenant(people.finance, (tx) => getInvoice(tx, invoiceId)) as Promise<Invoice>;

const invoiceCount = async () =>
  (await db.query<{ count: number }>(sql`select count(*)::int as count from invoices where company_id = ${company.id}`))[0]!.count;

/** A client of its own with approved billable time in March 2026: 2 h 20 at 120.00 an hour. */
async function clientWithTime() {
  const clientId = await createClient(db, company.id, { currency: "EUR" });
  const projectId = await createProject(db, company.id, { clientId, hourlyRateMinor: 12_000 });
  const person = await createMember(db, company.id, "employee");
  await approvedTime(db, [
    { companyId: company.id, userId: person.userId, projectId, day: "2026-03-03", minutes: 80 },
    { companyId: company.id, userId: person.userId, projectId, day: "2026-03-04", minutes: 60 },
  ]);
  return { clientId, projectId };
}

const march = { from: "2026-03-01", to: "2026-03-31", groupBy: "project-task" };

/** Build a draft through the page, as finance; its id from the redirect. */
async function draftFor(clientId: string, extra: Record<string, string> = {}) {
  const { status, outcome } = await post("finance", "list", { clientId, ...march, ...extra });
  expect(status).toBe(302);
  const location = (outcome as Response).headers.get("Location")!;
  expect(location).toMatch(new RegExp(`^/c/${company.slug}/invoices/[0-9a-f-]{36}$`));
  return location.split("/").at(-1)!;
}

describe("who may", () => {
  it("managers and employees get 403 on every invoice page and action, and nothing changes", async () => {
    const { clientId } = await clientWithTime();
    const draftId = await draftFor(clientId);
    const before = await read(draftId);
    const count = await invoiceCount();
    const attempts: [Page, Record<string, string>][] = [
      ["list", { clientId, ...march }],
      ["invoice", { intent: "add-line", description: "Sneaky", quantity: "1", unitPrice: "100" }],
      ["invoice", { intent: "add-discount", description: "Sneaky", amount: "1" }],
      ["invoice", { intent: "remove-line", lineId: before.lines[0]!.id }],
      ["invoice", { intent: "notes", notes: "Sneaky" }],
      ["invoice", { intent: "issue" }],
      ["invoice", { intent: "delete" }],
      ["settings", { legalName: "Sneaky", defaultTaxRate: "0", paymentTermsDays: "1", numberPrefix: "X", numberPadding: "2" }],
    ];
    for (const role of ["manager", "employee"] as const) {
      for (const page of ["list", "invoice", "settings"] as const) {
        expect({ role, page, status: statusOf(await call(role, page, "loader", draftId)) }).toEqual({ role, page, status: 403 });
      }
      for (const [page, body] of attempts) {
        expect({ role, body, status: (await post(role, page, body, draftId)).status }).toEqual({ role, body, status: 403 });
      }
    }
    expect(await read(draftId)).toEqual(before);
    expect(await invoiceCount()).toBe(count);
    expect(await load("finance", "settings")).toMatchObject({ settings: { legalName: "Test Company Ltd" } });
  });

  it("finance, admins and owners see the pages and may manage", async () => {
    for (const role of ["finance", "admin"] as const) {
      expect(await load(role, "list")).toMatchObject({ mayManage: true });
      expect(await load(role, "settings")).toMatchObject({ mayManage: true });
    }
  });

  it("the sections navigation leads finance and admins to the invoices and the finance exports, managers and employees to neither", async () => {
    const sectionsOf = async (role: Role) => {
      const request = await requestAs(context, tokens[role], `/c/${company.slug}`);
      const { sections } = (await companyLayout.loader({ request, params: { company: company.slug }, context })) as { sections: NavGroup[] };
      return sections.flatMap((group) => group.items).filter((item) => /\/(invoices|finance\/exports)$/.test(item.to)).map((item) => [item.label, item.to]);
    };
    for (const role of ["finance", "admin"] as const) {
      expect(await sectionsOf(role)).toEqual([
        ["Invoices", `/c/${company.slug}/invoices`],
        ["Finance exports", `/c/${company.slug}/finance/exports`],
      ]);
    }
    for (const role of ["manager", "employee"] as const) expect(await sectionsOf(role)).toEqual([]);
  });

  it("an id that isn't an invoice of the company is a 404, on the page and its actions", async () => {
    const otherCompany = await createCompany(db, "Other invoices");
    const foreignDraft = await createManualDraft(db, otherCompany, await createClient(db, otherCompany));
    for (const id of [foreignDraft, "not-a-uuid"]) {
      expect(statusOf(await call("finance", "invoice", "loader", id))).toBe(404);
      expect((await post("finance", "invoice", { intent: "issue" }, id)).status).toBe(404);
    }
    const [foreign] = await db.query<{ status: string }>(sql`select status from invoices where id = ${foreignDraft}`);
    expect(foreign!.status).toBe("draft");
  });
});

describe("finance, from approved time to paid", () => {
  it("builds the draft, adds a line and a discount, issues it once, and marks it paid", async () => {
    const { clientId, projectId } = await clientWithTime();
    const [project] = await db.query<{ name: string }>(sql`select name from projects where id = ${projectId}`);
    const draftId = await draftFor(clientId);
    const page = await load<{ invoice: Invoice }>("finance", "invoice", draftId);
    expect(page.invoice).toMatchObject({
      status: "draft",
      number: null,
      lines: [{ kind: "time", description: project!.name, quantity: 140, unitPriceMinor: 12_000, amountMinor: 28_000, taxMinor: 5_320 }],
    });

    const added = await post("finance", "invoice", { intent: "add-line", description: "Licence", quantity: "2", unitPrice: "50.25", taxRate: "7.5" }, draftId);
    expect({ status: added.status, to: (added.outcome as Response).headers.get("Location"), message: await messageOf(added.outcome) }).toEqual({
      status: 302,
      to: `/c/${company.slug}/invoices/${draftId}`,
      message: "Line added.",
    });
    expect((await post("finance", "invoice", { intent: "add-discount", description: "Loyalty", amount: "30" }, draftId)).status).toBe(302);
    expect((await post("finance", "invoice", { intent: "notes", notes: "PO 4711" }, draftId)).status).toBe(302);
    const draft = await read(draftId);
    expect(draft.lines.map((line) => [line.kind, line.amountMinor, line.taxRateBp, line.taxMinor])).toEqual([
      ["time", 28_000, 1_900, 5_320],
      ["manual", 10_050, 750, 754],
      ["discount", -3_000, 1_900, -570],
    ]);
    expect(draft).toMatchObject({ subtotalMinor: 35_050, taxMinor: 5_504, totalMinor: 40_554, notes: "PO 4711" });

    // Dated the day after the period, as finance chose in the dialog: due 30 days later, numbered in that year.
    const issued = await post("finance", "invoice", { intent: "issue", issuedOn: "2026-04-01" }, draftId);
    expect(issued.status).toBe(302);
    const { number } = await read(draftId);
    expect(await messageOf(issued.outcome)).toBe(`Issued as ${number}.`);
    expect(number).toMatch(/^INV-2026-\d{4}$/);
    expect(await read(draftId)).toMatchObject({ issuedOn: "2026-04-01", dueOn: "2026-05-01" });

    // A double click's second post: the model answers "already issued" and nothing moves.
    const again = await post("finance", "invoice", { intent: "issue" }, draftId);
    expect({ status: again.status, message: await messageOf(again.outcome) }).toEqual({
      status: 409,
      message: expect.stringMatching(new RegExp(`already issued as ${number}`)),
    });
    expect(await read(draftId)).toMatchObject({ status: "issued", number, totalMinor: 40_554 });

    const issuedOn = (await read(draftId)).issuedOn!;
    expect((await post("finance", "invoice", { intent: "mark-paid", paidOn: issuedOn }, draftId)).status).toBe(302);
    expect(await read(draftId)).toMatchObject({ status: "paid", paidOn: issuedOn });

    const list = await load<{ invoices: { id: string; number: string; totalMinor: number }[] }>("finance", "list", "", "?status=paid");
    expect(list.invoices).toContainEqual(expect.objectContaining({ id: draftId, number, totalMinor: 40_554 }));
    expect(list.invoices.every((invoice) => (invoice as unknown as { status: string }).status === "paid")).toBe(true);
  });

  it("voids an issued invoice, which releases its time for the next draft", async () => {
    const { clientId } = await clientWithTime();
    const first = await draftFor(clientId);
    expect((await post("finance", "invoice", { intent: "issue" }, first)).status).toBe(302);
    // Billed time can't go on a second invoice…
    const billed = await post("finance", "list", { clientId, ...march });
    expect({ status: billed.status, errors: fieldErrors(billed.outcome) }).toEqual({
      status: 422,
      errors: { clientId: [expect.stringMatching(/no approved billable time/)] },
    });
    expect((await post("finance", "invoice", { intent: "void" }, first)).status).toBe(302);
    expect(await read(first)).toMatchObject({ status: "void" });
    // …until the invoice that billed it is void.
    const second = await draftFor(clientId);
    expect((await read(second)).lines).toMatchObject([{ quantity: 140 }]);
  });

  it("credits an invoice in full; the credit note and the invoice link to each other", async () => {
    const { clientId } = await clientWithTime();
    const invoiceId = await draftFor(clientId);
    await post("finance", "invoice", { intent: "issue" }, invoiceId);
    const credited = await post("finance", "invoice", { intent: "credit" }, invoiceId);
    expect(credited.status).toBe(302);
    const noteId = (credited.outcome as Response).headers.get("Location")!.split("/").at(-1)!;
    const note = await load<{ invoice: Invoice }>("finance", "invoice", noteId);
    expect(note.invoice).toMatchObject({ kind: "credit_note", correctsId: invoiceId, totalMinor: -33_320 });
    expect(await load("finance", "invoice", invoiceId)).toMatchObject({ creditNotes: [{ id: noteId, number: note.invoice.number }] });
    // The whole total is credited: nothing is left for a partial one.
    const more = await post("finance", "invoice", { intent: "credit-part", description: "Again", amount: "1" }, invoiceId);
    expect({ status: more.status, errors: fieldErrors(more.outcome) }).toEqual({
      status: 422,
      errors: { amount: [expect.stringMatching(/left to credit/)] },
    });
    // An invoice with a live credit note can't be voided; once the note is void, it can.
    expect((await post("finance", "invoice", { intent: "void" }, invoiceId)).status).toBe(409);
    expect((await post("finance", "invoice", { intent: "void" }, noteId)).status).toBe(302);
    expect((await post("finance", "invoice", { intent: "void" }, invoiceId)).status).toBe(302);
    expect(await read(invoiceId)).toMatchObject({ status: "void" });
  });

  it("deletes a draft and returns to the list", async () => {
    const { clientId } = await clientWithTime();
    const draftId = await draftFor(clientId);
    const deleted = await post("finance", "invoice", { intent: "delete" }, draftId);
    expect(statusOf(deleted.outcome)).toBe(302);
    expect((deleted.outcome as Response).headers.get("Location")).toBe(`/c/${company.slug}/invoices`);
    expect(statusOf(await call("finance", "invoice", "loader", draftId))).toBe(404);
  });
});

describe("bad input is a 400 on its field, a rule's refusal a 422 on it, and nothing is made", () => {
  it("a new invoice: end before start, unknown or foreign client, wrong projects, no approved time", async () => {
    const { clientId, projectId } = await clientWithTime();
    const otherClient = await clientWithTime();
    const count = await invoiceCount();
    // 400: the form's own check; 422: the model's, against the company's clients, projects and time.
    const cases: [Record<string, string>, number, string, RegExp][] = [
      [{ clientId, from: "2026-03-31", to: "2026-03-01", groupBy: "person" }, 400, "to", /ends before it starts/],
      [{ clientId, from: "2026-02-30", to: "2026-03-01", groupBy: "person" }, 400, "from", /YYYY-MM-DD/],
      [{ clientId: "nope", ...march }, 400, "clientId", /Choose a client/],
      [{ clientId: crypto.randomUUID(), ...march }, 422, "clientId", /Choose a client from the list/],
      [{ clientId: foreignClientId, ...march }, 422, "clientId", /Choose a client from the list/],
      [{ clientId, ...march, projectIds: otherClient.projectId }, 422, "projectIds", /Choose projects of/],
      [{ clientId, ...march, from: "2026-05-01", to: "2026-05-31" }, 422, "clientId", /no approved billable time from 2026-05-01 to 2026-05-31/],
      [{ clientId, ...march, groupBy: "month" }, 400, "groupBy", /how time is grouped/],
    ];
    for (const [body, expected, field, message] of cases) {
      const { status, outcome } = await post("finance", "list", body);
      expect({ body, status, errors: fieldErrors(outcome) }).toEqual({ body, status: expected, errors: { [field]: [expect.stringMatching(message)] } });
    }
    // Time approved while the client billed in EUR, then more after it moved to USD.
    const mixed = await clientWithTime();
    await db.query(sql`update clients set currency = 'USD' where id = ${mixed.clientId}`);
    const person = await createMember(db, company.id, "employee");
    await approvedTime(db, [{ companyId: company.id, userId: person.userId, projectId: mixed.projectId, day: "2026-03-10", minutes: 60 }]);
    const refused = await post("finance", "list", { clientId: mixed.clientId, ...march });
    expect({ status: refused.status, errors: fieldErrors(refused.outcome) }).toEqual({
      status: 422,
      errors: { projectIds: [expect.stringMatching(/several currencies \(EUR, USD\)/)] },
    });
    expect(await invoiceCount()).toBe(count);
    // The project of the client itself is fine, as a single checkbox sends it.
    expect((await read(await draftFor(clientId, { projectIds: projectId }))).lines).toHaveLength(1);
  });

  it("a draft's lines: a discount beyond the subtotal, negative amounts, bad tax rates and quantities", async () => {
    const { clientId } = await clientWithTime();
    const draftId = await draftFor(clientId);
    const before = await read(draftId);
    const cases: [Record<string, string>, number, string, RegExp][] = [
      [{ intent: "add-discount", description: "Too much", amount: "280.01" }, 422, "amount", /below zero/],
      [{ intent: "add-discount", description: "Negative", amount: "-5" }, 400, "amount", /greater than zero/],
      [{ intent: "add-discount", description: "Words", amount: "ten" }, 400, "amount", /like 120 or 120.50/],
      [{ intent: "add-discount", description: "Nothing", amount: "0" }, 400, "amount", /greater than zero/],
      [{ intent: "add-line", description: "Fee", quantity: "1", unitPrice: "10", taxRate: "101" }, 400, "taxRate", /0 to 100/],
      [{ intent: "add-line", description: "Fee", quantity: "1", unitPrice: "10", taxRate: "-7" }, 400, "taxRate", /0 to 100/],
      [{ intent: "add-line", description: "Fee", quantity: "1.5", unitPrice: "10" }, 400, "quantity", /whole number/],
      [{ intent: "add-line", description: "", quantity: "1", unitPrice: "10" }, 400, "description", /Describe/],
      [{ intent: "mark-paid", paidOn: "yesterday" }, 400, "paidOn", /YYYY-MM-DD/],
    ];
    for (const [body, expected, field, message] of cases) {
      const { status, outcome } = await post("finance", "invoice", body, draftId);
      expect({ body, status, errors: fieldErrors(outcome) }).toEqual({ body, status: expected, errors: { [field]: [expect.stringMatching(message)] } });
    }
    expect(await read(draftId)).toEqual(before);
    // Exactly the subtotal is allowed: the invoice may be zero, not below.
    expect((await post("finance", "invoice", { intent: "add-discount", description: "All of it", amount: "280" }, draftId)).status).toBe(302);
  });

  it("an issue date that isn't a day (400), is before the time it bills or too far ahead (422): refused on the date, nothing issued", async () => {
    const { clientId } = await clientWithTime();
    const draftId = await draftFor(clientId);
    const issue = async (issuedOn: string) => {
      const { status, outcome } = await post("finance", "invoice", { intent: "issue", issuedOn }, draftId);
      return { status, errors: fieldErrors(outcome).issuedOn };
    };
    expect(await issue("31.03.2026")).toEqual({ status: 400, errors: ["Enter the issue date as YYYY-MM-DD"] });
    expect(await issue("2026-03-03")).toEqual({ status: 422, errors: ["Date it 2026-03-04 or later: it bills time worked on 2026-03-04"] });
    expect(await issue("2099-01-01")).toEqual({ status: 422, errors: [expect.stringMatching(/at the latest: an invoice is dated at most 7 days ahead$/)] });
    expect(await read(draftId)).toMatchObject({ status: "draft", number: null, issuedOn: null });
    expect((await post("finance", "invoice", { intent: "issue", issuedOn: "2026-03-04" }, draftId)).status).toBe(302);
  });

  it("a credit note dated before the invoice it corrects: 422 on its date, nothing made; a later date is its own", async () => {
    const { clientId } = await clientWithTime();
    const draftId = await draftFor(clientId);
    const ahead = shiftDay(todayIn("UTC"), 3);
    expect((await post("finance", "invoice", { intent: "issue", issuedOn: ahead }, draftId)).status).toBe(302);
    const { number } = await read(draftId);
    const reason = `Date it ${ahead} or later: invoice ${number} was issued that day`;
    // Left without a date, the note would be dated today, before the invoice.
    const tooEarly: Record<string, string>[] = [
      { intent: "credit" },
      { intent: "credit-part", description: "Goodwill", amount: "10", issuedOn: shiftDay(ahead, -1) },
    ];
    for (const body of tooEarly) {
      const credited = await post("finance", "invoice", body, draftId);
      expect({ status: credited.status, errors: fieldErrors(credited.outcome).issuedOn }).toEqual({ status: 422, errors: [reason] });
    }
    expect(await db.query(sql`select 1 from invoices where corrects_id = ${draftId}`)).toEqual([]);

    expect((await post("finance", "invoice", { intent: "credit", issuedOn: ahead }, draftId)).status).toBe(302);
    expect(await db.query(sql`select issued_on::text as "issuedOn" from invoices where corrects_id = ${draftId}`)).toEqual([{ issuedOn: ahead }]);
  });

  it("a state the invoice isn't in is a 409 with the model's message", async () => {
    const { clientId } = await clientWithTime();
    const draftId = await draftFor(clientId);
    const voided = await post("finance", "invoice", { intent: "void" }, draftId);
    expect({ status: voided.status, message: await messageOf(voided.outcome) }).toEqual({ status: 409, message: expect.stringMatching(/delete it instead/) });
    const line = (await read(draftId)).lines[0]!;
    await post("finance", "invoice", { intent: "issue" }, draftId);
    const removed = await post("finance", "invoice", { intent: "remove-line", lineId: line.id }, draftId);
    expect(removed.status).toBe(409);
    expect((await read(draftId)).lines).toHaveLength(1);
  });
});

describe("the invoice page", () => {
  it("costs the same queries however many lines and credit notes it has", async () => {
    const queriesFor = async (invoiceId: string) => {
      const counting = countingQueries();
      const request = await requestAs(context, tokens.finance, `/c/${company.slug}/invoices/${invoiceId}`);
      await counting.during(() => invoicePage.loader({ request, params: { company: company.slug, invoiceId }, context }));
      return counting.count();
    };
    const small = await draftFor((await clientWithTime()).clientId);
    const large = await draftFor((await clientWithTime()).clientId);
    for (let i = 0; i < 5; i++) {
      await post("finance", "invoice", { intent: "add-line", description: `Fee ${i}`, quantity: "1", unitPrice: "10" }, large);
    }
    expect(await queriesFor(large)).toBe(await queriesFor(small));
    for (const id of [small, large]) await post("finance", "invoice", { intent: "issue" }, id);
    await post("finance", "invoice", { intent: "credit-part", description: "Part", amount: "1" }, large);
    await post("finance", "invoice", { intent: "credit-part", description: "More", amount: "1" }, large);
    expect(await load("finance", "invoice", large)).toMatchObject({ creditNotes: { length: 2 } });
    expect(await queriesFor(large)).toBe(await queriesFor(small));
  });
});

describe("invoice settings", () => {
  const good = {
    legalName: "Invoice Pages GmbH",
    address: "Hauptstraße 1\n10115 Berlin",
    taxId: "DE123456789",
    defaultTaxRate: "7.5",
    paymentTermsDays: "14",
    numberPrefix: "RE/",
    numberYearlyReset: "on",
    numberPadding: "5",
  };

  it("are saved from a percentage, and read back as typed", async () => {
    const saved = await post("finance", "settings", good);
    expect({ status: saved.status, message: await messageOf(saved.outcome) }).toEqual({
      status: 302,
      message: "Invoice settings saved. Invoices issued from now on use them.",
    });
    const { settings } = await load<{ settings: Record<string, unknown> }>("finance", "settings");
    expect(settings).toEqual({
      legalName: "Invoice Pages GmbH",
      address: "Hauptstraße 1\n10115 Berlin",
      taxId: "DE123456789",
      defaultTaxRateBp: 750,
      paymentTermsDays: 14,
      numberPrefix: "RE/",
      numberYearlyReset: true,
      numberPadding: 5,
    });
    // Emptied fields arrive as nothing and are saved as not set; an empty prefix is a prefix of its own.
    expect((await post("finance", "settings", { ...good, address: "", taxId: "", numberPrefix: "" })).status).toBe(302);
    expect(await load("finance", "settings")).toMatchObject({ settings: { address: null, taxId: null, numberPrefix: "" } });
    await setInvoiceSettings(db, company.id, { taxRateBp: 1_900 });
  });

  it("refuse bad values on their fields", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...good, defaultTaxRate: "abc" }, "defaultTaxRate"],
      [{ ...good, defaultTaxRate: "150" }, "defaultTaxRate"],
      [{ ...good, numberPadding: "0" }, "numberPadding"],
      [{ ...good, numberPrefix: "RE 2026" }, "numberPrefix"],
      [{ ...good, paymentTermsDays: "-1" }, "paymentTermsDays"],
    ];
    for (const [body, field] of cases) {
      const { status, outcome } = await post("finance", "settings", body);
      expect({ body, status, fields: Object.keys(fieldErrors(outcome)) }).toEqual({ body, status: 400, fields: [field] });
    }
    expect(await load("finance", "settings")).toMatchObject({ settings: { legalName: "Test Company Ltd", defaultTaxRateBp: 1_900 } });
  });
});

describe("the list", () => {
  it("shows 50 invoices a page and says when there are more", async () => {
    const busy = await createCompany(db, "Busy invoicer");
    const [row] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${busy}`);
    await createMember(db, busy, "owner");
    const { tokens: busyTokens } = await createSignedInMembers(db, context, busy, { finance: "finance" });
    const clientId = await createClient(db, busy);
    for (let i = 0; i < 51; i++) await createManualDraft(db, busy, clientId);
    const counting = countingQueries();
    const page = async (search: string) => {
      const request = await requestAs(context, busyTokens.finance, `/c/${row!.slug}/invoices${search}`);
      const loaded = await counting.during(() => invoicesPage.loader({ request, params: { company: row!.slug }, context }));
      return loaded as { invoices: unknown[]; hasNext: boolean };
    };
    await page("?page=3"); // records the person's last activity before anything is counted
    const before = counting.count();
    expect(await page("")).toMatchObject({ invoices: { length: 50 }, hasNext: true });
    const fullPage = counting.count() - before;
    expect(await page("?page=2")).toMatchObject({ invoices: { length: 1 }, hasNext: false });
    const onePage = counting.count() - before - fullPage;
    expect(await page("?status=paid")).toMatchObject({ invoices: [], hasNext: false });
    // Fifty invoices cost what one does: no query per row.
    expect(fullPage).toBe(onePage);
  });

  it("starts a new invoice on last month, in the company's time zone", async () => {
    const { period } = await load<{ period: { from: string; to: string } }>("finance", "list");
    expect(period.from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(period.to > period.from).toBe(true);
    expect(period.to.slice(0, 7)).toBe(period.from.slice(0, 7));
  });
});

describe("a client's billing details", () => {
  it("are edited on the client's page and named on its next invoice", async () => {
    const { clientId } = await clientWithTime();
    const [client] = await db.query<{ name: string }>(sql`select name from clients where id = ${clientId}`);
    const saved = await post(
      "admin",
      "client",
      { intent: "edit", name: client!.name, currency: "EUR", billingAddress: "1 Harbour Road\nPortsmouth", taxId: "GB999" },
      clientId,
    );
    expect(saved.status).toBe(302);
    const draftId = await draftFor(clientId);
    expect(await load("finance", "invoice", draftId)).toMatchObject({ buyer: { address: "1 Harbour Road\nPortsmouth", tax_id: "GB999" } });
    await post("finance", "invoice", { intent: "issue" }, draftId);
    expect((await read(draftId)).buyer).toMatchObject({ address: "1 Harbour Road\nPortsmouth", tax_id: "GB999" });

    const tooLong = await post("admin", "client", { intent: "edit", name: client!.name, currency: "EUR", taxId: "x".repeat(51) }, clientId);
    expect({ status: tooLong.status, fields: Object.keys(fieldErrors(tooLong.outcome)) }).toEqual({ status: 400, fields: ["taxId"] });
  });
});
