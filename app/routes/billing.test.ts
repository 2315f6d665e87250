import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { MemberRole } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { billingPlans } from "~/kernel/company/plans";
import { createTestApp, requestAs, statusOf } from "~/testing/context";
import {
  signedWebhook,
  createBilledTestApp,
  stripeEvent,
  stripeTestEnv,
  subscriptionObject,
  type StripeStandIn,
} from "~/testing/stripe-stand-in";
import { createApplyStripeEventProcessor } from "../../jobs/processors/apply-stripe-event";
import { testLogger } from "../../jobs/testing/helpers";
import { describePaymentMethod } from "~/billing/account.server";
import { bodyOf, parseCsv } from "~/testing/csv";
import { action, loader } from "./c.$company.billing";
import { loader as invoicesCsvLoader } from "./c.$company.billing.invoices[.]csv";
import { action as exportsAction, loader as exportsLoader } from "./c.$company.audit.exports._index";
import { action as webhook } from "./webhooks.stripe";

/**
 * The billing page with Stripe played by a local stand-in: who may see and change
 * billing, what Checkout and the portal are asked for (parameters and idempotency
 * keys), that a network error is retried, and that Stripe being down is a message.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let standIn: StripeStandIn;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  ({ standIn, context } = billed);
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

let customers = 0;
beforeEach(() => {
  standIn.requests.length = 0;
  standIn.on("POST /v1/customers", () => {
    customers += 1;
    return { body: { id: `cus_testpage${customers}`, object: "customer" } };
  });
  standIn.on("POST /v1/checkout/sessions", () => ({
    body: { id: "cs_test_page", object: "checkout.session", url: "https://checkout.stripe.test/c/pay/cs_test_page" },
  }));
  standIn.on("POST /v1/billing_portal/sessions", () => ({
    body: { id: "bps_test_page", object: "billing_portal.session", url: "https://billing.stripe.test/p/session/test" },
  }));
  standIn.on("GET /v1/invoices", () => ({ body: { object: "list", has_more: false, url: "/v1/invoices", data: [] } }));
});

/** A company with one member of each role, and their session tokens. */
async function company(name = "Billing page") {
  const companyId = await createCompany(db, name);
  const [row] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  const tokens = {} as Record<MemberRole, string>;
  for (const role of ["owner", "admin", "manager", "finance", "employee"] as const) {
    const member = await createMember(db, companyId, role);
    tokens[role] = await context.auth.accounts.createSession(member.userId, { ip: null, userAgent: null });
  }
  return { companyId, slug: row!.slug, tokens };
}

async function load(ctx: AppLoadContext, slug: string, token: string) {
  const request = await requestAs(ctx, token, `/c/${slug}/billing`);
  return loader({ request, params: { company: slug }, context: ctx });
}

async function submit(ctx: AppLoadContext, slug: string, token: string, form: Record<string, string>) {
  const request = await requestAs(ctx, token, `/c/${slug}/billing`, { method: "POST", body: new URLSearchParams(form) });
  return action({ request, params: { company: slug }, context: ctx }).catch((thrown: unknown) => thrown);
}

const key = () => crypto.randomUUID();

describe("the billing page", () => {
  it("is for owners, admins and finance; employees and managers get 403", async () => {
    const { slug, tokens } = await company();
    for (const role of ["owner", "admin", "finance"] as const) {
      expect(statusOf(await load(context, slug, tokens[role]).catch((e: unknown) => e)), role).toBeUndefined();
    }
    for (const role of ["manager", "employee"] as const) {
      expect(statusOf(await load(context, slug, tokens[role]).catch((e: unknown) => e)), role).toBe(403);
      expect(statusOf(await submit(context, slug, tokens[role], { intent: "portal" })), role).toBe(403);
    }
  });

  it("lets finance read but not start Checkout or open the portal", async () => {
    const { slug, tokens } = await company();
    const page = await load(context, slug, tokens.finance);
    expect(page).toMatchObject({ configured: true, canManage: false, plan: { id: "free" }, seatsInUse: 5 });
    expect(statusOf(await submit(context, slug, tokens.finance, { intent: "checkout", plan: "team", requestKey: key() }))).toBe(403);
    expect(standIn.requests).toEqual([]);
  });

  it("starts Checkout for the chosen plan with a seat per active member, a customer of the company's own and idempotency keys", async () => {
    const { companyId, slug, tokens } = await company();
    const requestKey = key();
    const outcome = await submit(context, slug, tokens.owner, { intent: "checkout", plan: "business", requestKey });
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).status).toBe(302);
    expect((outcome as Response).headers.get("Location")).toBe("https://checkout.stripe.test/c/pay/cs_test_page");

    const [customer, checkout] = standIn.requests;
    expect(customer).toMatchObject({ path: "/v1/customers", idempotencyKey: `customer:${companyId}`, authorization: "Bearer sk_test_hourbook" });
    expect(customer!.body.get("metadata[company_id]")).toBe(companyId);
    expect(checkout).toMatchObject({ path: "/v1/checkout/sessions", idempotencyKey: `checkout:${companyId}:${requestKey}` });
    const body = Object.fromEntries(checkout!.body);
    expect(body).toMatchObject({
      mode: "subscription",
      customer: `cus_testpage${customers}`,
      client_reference_id: companyId,
      "line_items[0][price]": "price_business",
      "line_items[0][quantity]": "5",
      "subscription_data[metadata][company_id]": companyId,
      success_url: `http://hourbook.test/c/${slug}/billing?checkout=done`,
      cancel_url: `http://hourbook.test/c/${slug}/billing`,
    });

    // The customer is kept: a second attempt makes no second customer.
    await submit(context, slug, tokens.admin, { intent: "checkout", plan: "team", requestKey: key() });
    expect(standIn.requests.map((r) => r.path)).toEqual(["/v1/customers", "/v1/checkout/sessions", "/v1/checkout/sessions"]);
  });

  it("retries a Checkout call whose connection dropped, with the same idempotency key", async () => {
    const { slug, tokens } = await company();
    let calls = 0;
    standIn.on("POST /v1/checkout/sessions", () => {
      calls += 1;
      return calls === 1 ? "drop-connection" : { body: { id: "cs_test_retry", url: "https://checkout.stripe.test/c/pay/cs_test_retry" } };
    });
    const outcome = await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    expect((outcome as Response).headers.get("Location")).toBe("https://checkout.stripe.test/c/pay/cs_test_retry");
    const attempts = standIn.requests.filter((r) => r.path === "/v1/checkout/sessions");
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.idempotencyKey).toBe(attempts[0]!.idempotencyKey);
  });

  it("answers 503 with a message when Stripe keeps failing, and leaves no subscription behind", async () => {
    const { companyId, slug, tokens } = await company();
    standIn.on("POST /v1/checkout/sessions", () => ({ status: 500, body: { error: { type: "api_error", message: "down" } } }));
    const outcome = await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    expect(statusOf(outcome)).toBe(503);
    expect((outcome as { data: { error: Record<string, string[]> } }).data.error).toEqual({ "": [expect.stringMatching(/^Stripe couldn't be reached/)] });
    const [row] = await db.query<{ status: string }>(sql`select status from company_subscriptions where company_id = ${companyId}`);
    expect(row?.status).toBe("none");
  });

  it("refuses a plan that isn't sold and a missing request key with 400", async () => {
    const { slug, tokens } = await company();
    const free = await submit(context, slug, tokens.owner, { intent: "checkout", plan: "free", requestKey: key() });
    expect(statusOf(free)).toBe(400);
    expect((free as { data: { error: Record<string, string[]> } }).data.error).toEqual({ plan: ["Choose the team or business plan"] });
    expect(statusOf(await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team" }))).toBe(400);
    expect(standIn.requests).toEqual([]);
  });

  it("opens the customer portal for the company's customer; without one it says to choose a plan first", async () => {
    const { slug, tokens } = await company();
    const early = await submit(context, slug, tokens.owner, { intent: "portal" });
    expect(statusOf(early)).toBe(409);
    expect((early as { data: { error: Record<string, string[]> } }).data.error).toEqual({ "": ["There is no billing account yet: choose a plan first."] });
    await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    const outcome = await submit(context, slug, tokens.admin, { intent: "portal" });
    expect((outcome as Response).headers.get("Location")).toBe("https://billing.stripe.test/p/session/test");
    const portal = standIn.requests.find((r) => r.path === "/v1/billing_portal/sessions");
    expect(Object.fromEntries(portal!.body)).toEqual({
      customer: `cus_testpage${customers}`,
      return_url: `http://hourbook.test/c/${slug}/billing`,
    });
  });

  it("shows the plan a signed webhook set, once its job ran, and sends a subscribed company to the portal instead of Checkout", async () => {
    const { companyId, slug, tokens } = await company();
    await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    const customer = `cus_testpage${customers}`;
    const periodEnd = Math.floor(Date.now() / 1000) + 30 * 86_400;
    const event = stripeEvent("customer.subscription.created", subscriptionObject({ customer, id: "sub_testpage", quantity: 5, periodEnd }), Math.floor(Date.now() / 1000));
    expect(((await webhook({ request: signedWebhook(JSON.stringify(event)), params: {}, context })) as Response).status).toBe(200);
    const apply = createApplyStripeEventProcessor({ db, logger: testLogger, plans: billingPlans(stripeTestEnv("")) });
    await apply({ id: "job", name: "apply-stripe-event", queue: "billing", data: { eventId: event.id, companyId }, attempt: 1, maxAttempts: 5 });

    expect(await load(context, slug, tokens.finance)).toMatchObject({
      plan: { id: "team", name: "Team" },
      subscription: { status: "active", seats: 5, periodEnd: new Date(periodEnd * 1000).toISOString(), live: true },
    });
    expect(statusOf(await submit(context, slug, tokens.owner, { intent: "checkout", plan: "business", requestKey: key() }))).toBe(409);
  });

  it("lists the company's finalized invoices from Stripe with amount, status and PDF link", async () => {
    const { slug, tokens } = await company();
    await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    const invoice = (id: string, status: string) => ({
      id, object: "invoice", number: `HB-${id}`, created: 1_763_700_000, total: 14_700, currency: "eur", status,
      invoice_pdf: `https://pay.stripe.test/${id}/pdf`, hosted_invoice_url: `https://pay.stripe.test/${id}`,
    });
    standIn.on("GET /v1/invoices", () => ({
      body: { object: "list", has_more: false, url: "/v1/invoices", data: [invoice("in_2", "open"), invoice("in_draft", "draft"), invoice("in_1", "paid")] },
    }));
    const page = await load(context, slug, tokens.finance);
    expect(page.invoices).toEqual([
      expect.objectContaining({ id: "in_2", number: "HB-in_2", total: 14_700, currency: "eur", status: "open", pdfUrl: "https://pay.stripe.test/in_2/pdf" }),
      expect.objectContaining({ id: "in_1", status: "paid", createdAt: "2025-11-21T04:40:00.000Z" }),
    ]);
    const listed = standIn.requests.find((r) => r.path === "/v1/invoices");
    expect(Object.fromEntries(listed!.query)).toEqual({ customer: `cus_testpage${customers}`, limit: "24" });

    standIn.on("GET /v1/invoices", () => ({ status: 500, body: { error: { type: "api_error", message: "down" } } }));
    expect(await load(context, slug, tokens.owner)).toMatchObject({ invoices: null, plan: { id: "free" } });
  });

  it("keeps new audit exports for the business plan once billing is configured", async () => {
    const { companyId, slug, tokens } = await company();
    const requestExport = async () => {
      const body = new URLSearchParams({ intent: "request", from: "2025-11-01", to: "2025-11-20", format: "csv" });
      const request = await requestAs(context, tokens.owner, `/c/${slug}/audit/exports`, { method: "POST", body });
      return exportsAction({ request, params: { company: slug }, context }).catch((thrown: unknown) => thrown);
    };
    const exportsPage = async () =>
      exportsLoader({ request: await requestAs(context, tokens.admin, `/c/${slug}/audit/exports`), params: { company: slug }, context });

    expect((await exportsPage()).plan).toMatchObject({ allowed: false, includedIn: "Business", billingPath: `/c/${slug}/billing` });
    const refused = await requestExport();
    expect(statusOf(refused)).toBe(403);
    expect((refused as { data: { error: Record<string, string[]> } }).data.error[""]?.join(" ")).toContain("part of the Business plan");

    await db.query(sql`
      insert into company_subscriptions (company_id, plan, status, stripe_customer_id) values (${companyId}, 'business', 'active', 'cus_testexports')`);
    expect((await exportsPage()).plan.allowed).toBe(true);
    expect(statusOf(await requestExport())).toBe(302);
  });

  it("says billing isn't configured, keeps everyone on the default plan, and calls no Stripe", async () => {
    const unconfigured = await createTestApp(db);
    try {
      const ctx = unconfigured.context();
      const { slug, tokens } = await company("Not billed");
      expect(await load(ctx, slug, tokens.owner)).toMatchObject({ configured: false, plan: { id: "business" }, subscription: null });
      expect(statusOf(await submit(ctx, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() }))).toBe(409);
      expect(standIn.requests).toEqual([]);
    } finally {
      await unconfigured.close();
    }
  });
});

/** A company whose team subscription (5 seats, renewing) a signed webhook set up, as Stripe would after Checkout. */
async function subscribedCompany(name: string) {
  const made = await company(name);
  await submit(context, made.slug, made.tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
  const customer = `cus_testpage${customers}`;
  const subscriptionId = `sub_test${name.replaceAll(/\W/g, "")}`;
  const periodEnd = Math.floor(Date.now() / 1000) + 30 * 86_400;
  const event = stripeEvent("customer.subscription.created", subscriptionObject({ customer, id: subscriptionId, quantity: 5, periodEnd }), Math.floor(Date.now() / 1000));
  expect(((await webhook({ request: signedWebhook(JSON.stringify(event)), params: {}, context })) as Response).status).toBe(200);
  const apply = createApplyStripeEventProcessor({ db, logger: testLogger, plans: billingPlans(stripeTestEnv("")) });
  await apply({ id: "job", name: "apply-stripe-event", queue: "billing", data: { eventId: event.id, companyId: made.companyId }, attempt: 1, maxAttempts: 5 });
  standIn.requests.length = 0;
  return { ...made, customer, subscriptionId, periodEnd };
}

const card = (expMonth: number, expYear: number, brand = "visa", last4 = "4242") => ({
  id: `pm_test${last4}`, object: "payment_method", type: "card", card: { brand, last4, exp_month: expMonth, exp_year: expYear },
});

describe("the billing page's next invoice and payment method", () => {
  it("shows the amount and date of the subscription's next invoice and the card it will be charged to", async () => {
    const { slug, tokens, customer, subscriptionId, periodEnd } = await subscribedCompany("Next invoice");
    standIn.on("POST /v1/invoices/create_preview", () => ({
      body: { id: "upcoming_in_test", object: "invoice", amount_due: 14_700, currency: "eur", next_payment_attempt: periodEnd + 3_600, period_end: periodEnd },
    }));
    standIn.on(`GET /v1/subscriptions/${subscriptionId}`, () => ({
      body: { id: subscriptionId, object: "subscription", customer: { id: customer, object: "customer", invoice_settings: { default_payment_method: null } }, default_payment_method: card(12, 2099) },
    }));
    const page = await load(context, slug, tokens.finance);
    expect(page.account).toEqual({
      nextInvoice: { date: new Date((periodEnd + 3_600) * 1000).toISOString(), amountDue: 14_700, currency: "eur" },
      paymentMethod: { kind: "card", brand: "visa", last4: "4242", expMonth: 12, expYear: 2099, expiry: "ok" },
    });
    const preview = standIn.requests.find((r) => r.path === "/v1/invoices/create_preview");
    expect(Object.fromEntries(preview!.body)).toEqual({ customer, subscription: subscriptionId });
    const retrieved = standIn.requests.find((r) => r.path === `/v1/subscriptions/${subscriptionId}`);
    expect(retrieved!.query.getAll("expand[0]").concat(retrieved!.query.getAll("expand[1]"))).toEqual([
      "default_payment_method",
      "customer.invoice_settings.default_payment_method",
    ]);
  });

  it("falls back to the customer's default card, and says when it has expired or there is none", async () => {
    const { slug, tokens, customer, subscriptionId, periodEnd } = await subscribedCompany("Expired card");
    standIn.on("POST /v1/invoices/create_preview", () => ({
      body: { id: "upcoming_in_test2", object: "invoice", amount_due: 4_900, currency: "usd", next_payment_attempt: null, period_end: periodEnd },
    }));
    let method: unknown = card(1, 2020, "mastercard", "4444");
    standIn.on(`GET /v1/subscriptions/${subscriptionId}`, () => ({
      body: { id: subscriptionId, object: "subscription", default_payment_method: null, customer: { id: customer, object: "customer", invoice_settings: { default_payment_method: method } } },
    }));
    expect((await load(context, slug, tokens.owner)).account).toEqual({
      nextInvoice: { date: new Date(periodEnd * 1000).toISOString(), amountDue: 4_900, currency: "usd" },
      paymentMethod: { kind: "card", brand: "mastercard", last4: "4444", expMonth: 1, expYear: 2020, expiry: "expired" },
    });
    method = null;
    expect((await load(context, slug, tokens.owner)).account?.paymentMethod).toEqual({ kind: "none" });
    method = { id: "pm_testsepa", object: "payment_method", type: "sepa_debit", sepa_debit: { last4: "3000" } };
    expect((await load(context, slug, tokens.owner)).account?.paymentMethod).toEqual({ kind: "other", type: "sepa_debit", last4: "3000" });
  });

  it("says no invoice is scheduled when Stripe has none to preview", async () => {
    const { slug, tokens, subscriptionId } = await subscribedCompany("No upcoming");
    standIn.on("POST /v1/invoices/create_preview", () => ({
      status: 400,
      body: { error: { type: "invalid_request_error", code: "invoice_upcoming_none", message: "No upcoming invoices for customer" } },
    }));
    standIn.on(`GET /v1/subscriptions/${subscriptionId}`, () => ({
      body: { id: subscriptionId, object: "subscription", default_payment_method: card(12, 2099), customer: "cus_testunexpanded" },
    }));
    expect((await load(context, slug, tokens.owner)).account).toMatchObject({ nextInvoice: null, paymentMethod: { kind: "card" } });
  });

  it("reads the customer's card without previewing an invoice for a company with no subscription", async () => {
    const { slug, tokens } = await company("Customer only");
    await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    const customer = `cus_testpage${customers}`;
    standIn.requests.length = 0;
    standIn.on(`GET /v1/customers/${customer}`, () => ({
      body: { id: customer, object: "customer", invoice_settings: { default_payment_method: card(6, 2098) } },
    }));
    expect((await load(context, slug, tokens.owner)).account).toEqual({
      nextInvoice: null,
      paymentMethod: { kind: "card", brand: "visa", last4: "4242", expMonth: 6, expYear: 2098, expiry: "ok" },
    });
    expect(standIn.requests.map((r) => r.path).sort()).toEqual([`/v1/customers/${customer}`, "/v1/invoices"]);
    expect(standIn.requests.find((r) => r.path === `/v1/customers/${customer}`)!.query.get("expand[0]")).toBe("invoice_settings.default_payment_method");
  });

  it("still renders the plan and seats when Stripe fails, with the account unread", async () => {
    const { slug, tokens, subscriptionId } = await subscribedCompany("Stripe down");
    const down = () => ({ status: 500, body: { error: { type: "api_error", message: "down" } } });
    standIn.on("POST /v1/invoices/create_preview", down);
    standIn.on(`GET /v1/subscriptions/${subscriptionId}`, down);
    standIn.on("GET /v1/invoices", down);
    expect(await load(context, slug, tokens.owner)).toMatchObject({
      plan: { id: "team" },
      subscription: { status: "active", seats: 5 },
      seatsInUse: 5,
      account: null,
      invoices: null,
    });
  });

  it("calls a card expiring soon when it expires within 30 days or before the next invoice", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const method = (month: number, year: number) => card(month, year) as unknown as Parameters<typeof describePaymentMethod>[0];
    const invoiceOn = (date: string) => ({ date, amountDue: 100, currency: "eur" });
    expect(describePaymentMethod(method(11, 2026), null, now)).toMatchObject({ expiry: "expires-soon" });
    expect(describePaymentMethod(method(10, 2026), null, now)).toMatchObject({ expiry: "expired" });
    expect(describePaymentMethod(method(2, 2027), null, now)).toMatchObject({ expiry: "ok" });
    expect(describePaymentMethod(method(2, 2027), invoiceOn("2027-03-01T00:00:00Z"), now)).toMatchObject({ expiry: "expires-soon" });
    expect(describePaymentMethod(method(2, 2027), invoiceOn("2027-02-20T00:00:00Z"), now)).toMatchObject({ expiry: "ok" });
  });
});

describe("the invoice CSV for finance", () => {
  const stripeInvoice = (n: number, overrides: Record<string, unknown> = {}) => ({
    id: `in_testcsv${n}`, object: "invoice", number: `HB-000${n}`, created: 1_763_700_000 - n * 30 * 86_400, total: 14_700 + n,
    amount_paid: n % 2 ? 14_700 + n : 0, amount_due: 14_700 + n, currency: "eur", status: n % 2 ? "paid" : "open",
    invoice_pdf: `https://pay.stripe.test/in_testcsv${n}/pdf`, hosted_invoice_url: `https://pay.stripe.test/in_testcsv${n}`, ...overrides,
  });

  async function download(slug: string, token: string) {
    const request = await requestAs(context, token, `/c/${slug}/billing/invoices.csv`);
    return invoicesCsvLoader({ request, params: { company: slug }, context }).catch((thrown: unknown) => thrown);
  }

  it("is every finalized invoice Stripe has, across pages, as finance reads them: amounts, statuses and PDF links", async () => {
    const { slug, tokens } = await company("Invoice CSV");
    await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    const customer = `cus_testpage${customers}`;
    const first = [stripeInvoice(1), stripeInvoice(2, { number: "=HYPERLINK(\"http://evil.test\")" }), stripeInvoice(3, { status: "draft" })];
    const second = [stripeInvoice(4, { currency: "jpy", total: 5_000, amount_paid: 5_000, amount_due: 5_000, invoice_pdf: null })];
    standIn.on("GET /v1/invoices", (request) => ({
      body: request.query.get("starting_after")
        ? { object: "list", has_more: false, url: "/v1/invoices", data: second }
        : { object: "list", has_more: true, url: "/v1/invoices", data: first },
    }));

    const response = (await download(slug, tokens.finance)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-stripe-invoices.csv"`);
    const body = await bodyOf(response);
    expect(body.startsWith("\uFEFF")).toBe(true);
    expect(parseCsv(body.slice(1))).toEqual([
      ["Number", "Date", "Status", "Currency", "Total", "Paid", "Due", "PDF", "Invoice page", "Stripe invoice id"],
      ["HB-0001", "2025-10-22", "paid", "EUR", "147.01", "147.01", "147.01", "https://pay.stripe.test/in_testcsv1/pdf", "https://pay.stripe.test/in_testcsv1", "in_testcsv1"],
      ["'=HYPERLINK(\"http://evil.test\")", "2025-09-22", "open", "EUR", "147.02", "0.00", "147.02", "https://pay.stripe.test/in_testcsv2/pdf", "https://pay.stripe.test/in_testcsv2", "in_testcsv2"],
      ["HB-0004", "2025-07-24", "open", "JPY", "5000", "5000", "5000", "", "https://pay.stripe.test/in_testcsv4", "in_testcsv4"],
    ]);
    const pages = standIn.requests.filter((r) => r.path === "/v1/invoices").map((r) => Object.fromEntries(r.query));
    expect(pages).toEqual([
      { customer, limit: "100" },
      { customer, limit: "100", starting_after: "in_testcsv3" },
    ]);
  });

  it("is for owners, admins and finance; managers and employees get 403", async () => {
    const { slug, tokens } = await company("Invoice CSV roles");
    for (const role of ["owner", "admin", "finance"] as const) {
      const response = (await download(slug, tokens[role])) as Response;
      expect(response.status, role).toBe(200);
      // No Stripe customer yet: the header alone, never another company's invoices.
      expect(parseCsv((await bodyOf(response)).slice(1))).toHaveLength(1);
    }
    for (const role of ["manager", "employee"] as const) {
      expect(statusOf(await download(slug, tokens[role])), role).toBe(403);
    }
    expect(standIn.requests).toEqual([]);
  });

  it("answers 503 with words when Stripe fails, rather than an empty file", async () => {
    const { slug, tokens } = await company("Invoice CSV down");
    await submit(context, slug, tokens.owner, { intent: "checkout", plan: "team", requestKey: key() });
    standIn.on("GET /v1/invoices", () => ({ status: 500, body: { error: { type: "api_error", message: "down" } } }));
    const response = (await download(slug, tokens.finance)) as Response;
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("couldn't be loaded from Stripe");
  });

  it("is not there while billing isn't configured", async () => {
    const unconfigured = await createTestApp(db);
    try {
      const ctx = unconfigured.context();
      const { slug, tokens } = await company("Invoice CSV unbilled");
      const request = await requestAs(ctx, tokens.finance, `/c/${slug}/billing/invoices.csv`);
      expect(((await invoicesCsvLoader({ request, params: { company: slug }, context: ctx })) as Response).status).toBe(404);
    } finally {
      await unconfigured.close();
    }
  });
});
