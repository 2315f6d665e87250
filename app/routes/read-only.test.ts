/// <reference types="vite/client" />
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifier, sql } from "../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createApplyStripeEventProcessor } from "../../jobs/processors/apply-stripe-event";
import { testLogger } from "../../jobs/testing/helpers";
import { billingPlans } from "~/kernel/company/plans";
import { companyRouteModules } from "~/testing/company-routes";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import { createBilledTestApp, signedWebhook, stripeEvent, stripeTestEnv, subscriptionObject } from "~/testing/stripe-stand-in";
import { createNotification } from "~/kernel/notifications/notifications.server";
import { createApiToken } from "~/kernel/api-tokens/api-tokens.server";
import { hashToken } from "~/kernel/accounts/tokens.server";
import { action as acceptInvitation, loader as invitationPage } from "./invitations.$token";
import { action as signIn } from "./login";
import { action as webhook } from "./webhooks.stripe";

/**
 * Read-only mode (issue #6): a canceled company, or one past due beyond
 * BILLING_GRACE_DAYS, refuses every change with 423, on every company page
 * (discovered, as in cross-tenant.test.ts), except billing, audit exports and
 * notifications; it still signs in, shows every page and exports. Within the
 * grace period everything works and owners see the days left. Without billing
 * nothing is ever read-only.
 */
const routeModules = companyRouteModules;
const files = Object.keys(routeModules).sort();
const withAction = files.filter((file) => routeModules[file]!.action);
const allowlisted = [
  "./c.$company.api-tokens.tsx",
  "./c.$company.audit.exports._index.tsx",
  "./c.$company.billing.tsx",
  "./c.$company.finance.exports._index.tsx",
  "./c.$company.notifications.tsx",
];
const graceDays = 7;
const password = "plum-orbit-kettle";

let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let embeddedApp: TestApp;
let context: AppLoadContext;
let embedded: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
  billed.standIn.on("POST /v1/billing_portal/sessions", () => ({
    body: { id: "bps_test_ro", object: "billing_portal.session", url: "https://billing.stripe.test/p/session/ro" },
  }));
  // The billing page and finance's invoice CSV read Stripe on each view; both must still open.
  billed.standIn.on("GET /v1/invoices", () => ({ body: { object: "list", has_more: false, url: "/v1/invoices", data: [] } }));
  embeddedApp = await createTestApp(db);
  embedded = embeddedApp.context();
});
afterAll(async () => {
  await billed.close();
  await embeddedApp.close();
  await db.close();
});

interface Company {
  companyId: string;
  slug: string;
  email: string;
  ownerToken: string;
  employeeToken: string;
  ids: Record<string, string>;
  notificationId: string;
}

let companies = 0;

/** A company with an owner, an employee, one of each thing a route takes by id, and this subscription. */
async function company(subscription: { status: string; pastDueDays?: number } | null): Promise<Company> {
  companies += 1;
  const email = `ro-${companies}-${Date.now()}@example.test`;
  const signedUp = await context.auth.accounts.signUp({ name: `Owner ${companies}`, email, password, companyName: `Readonly ${companies}` });
  if (!signedUp.ok) throw new Error("sign-up failed");
  const [row] = await db.query<{ id: string }>(sql`select id from companies where slug = ${signedUp.companySlug}`);
  const companyId = row!.id;
  const ownerId = signedUp.user.id;
  const [employee] = await db.query<{ id: string }>(sql`
    insert into users (name, email) values ('Employee', ${`emp-${email}`}) returning id`);
  await db.query(sql`insert into memberships (company_id, user_id, role) values (${companyId}, ${employee!.id}, 'employee')`);

  const [ids] = await db.query<Record<string, string>>(sql`
    with team as (
      insert into teams (company_id, name) values (${companyId}, 'Crew') returning id
    ), client as (
      insert into clients (company_id, name, currency) values (${companyId}, 'Client', 'EUR') returning id
    ), project as (
      insert into projects (company_id, name, client_id) select ${companyId}, 'Project', id from client returning id
    ), task as (
      insert into tasks (company_id, project_id, name) select ${companyId}, id, 'Task' from project returning id
    ), sheet as (
      insert into timesheets (company_id, user_id, week_start) values (${companyId}, ${ownerId}, '2026-11-16') returning id
    ), entry as (
      insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, billable)
      select ${companyId}, ${ownerId}, sheet.id, project.id, task.id, '2026-11-17', 60, true from sheet, project, task
      returning id
    ), invoice as (
      insert into invoices (company_id, client_id, currency, period_from, period_to)
      select ${companyId}, client.id, 'EUR', '2026-11-01', '2026-11-30' from client returning id
    )
    select team.id as "teamId", client.id as "clientId", project.id as "projectId", task.id as "taskId",
           sheet.id as "timesheetId", entry.id as "entryId", invoice.id as "invoiceId"
      from team, client, project, task, sheet, entry, invoice`);
  const owner = { companyId, userId: ownerId, role: "owner" as const };
  const notification = await context.withTenant(owner, (tx) =>
    createNotification(tx, { userId: ownerId, kind: "timesheet-reminder", data: { weekStart: "2026-11-16" } }),
  );
  // Written here rather than requested, so no export job runs while a test compares rows.
  const [done, failed] = await db.query<{ id: string }>(sql`
    insert into audit_exports (company_id, requested_by, from_date, to_date, starts_at, ends_at, format, status, error, file_key, expires_at)
    values (${companyId}, ${ownerId}, '2026-01-01', '2026-01-31', '2026-01-01', '2026-02-01', 'csv', 'done', null,
            ${`audit-exports/${companyId}/done.csv`}, now() + interval '1 day'),
           (${companyId}, ${ownerId}, '2026-01-01', '2026-01-31', '2026-01-01', '2026-02-01', 'csv', 'failed', 'boom', null, null)
    returning id`);
  await context.files.write(`audit-exports/${companyId}/done.csv`, async (output) => {
    output.end("seq,action\n");
  });
  const apiToken = await context.withTenant(owner, (tx) => createApiToken(tx, { name: "Script", scopes: ["teams:read"], lifetimeDays: 30 }));
  const [seq] = await db.query<{ seq: string }>(sql`select max(seq)::text as seq from audit_entries where company_id = ${companyId}`);

  if (subscription) {
    await db.query(sql`
      insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id, past_due_since)
      values (${companyId}, 'business', ${subscription.status}, 2, ${`cus_ro${companies}x${Date.now()}`}, ${`sub_ro${companies}`},
              ${subscription.pastDueDays === undefined ? null : new Date(Date.now() - subscription.pastDueDays * 86_400_000)})`);
  }
  const session = (userId: string) => context.auth.accounts.createSession(userId, { ip: null, userAgent: null });
  return {
    companyId,
    slug: signedUp.companySlug,
    email,
    ownerToken: await session(ownerId),
    employeeToken: await session(employee!.id),
    ids: { ...ids, exportId: done!.id, failedExportId: failed!.id, seq: seq!.seq, tokenId: apiToken.id },
    notificationId: notification.id,
  };
}

/** `c.$company.teams.$teamId.tsx` → its params and URL, for this company's own ids. */
function routeOf(file: string, target: Company) {
  const segments = file.replace(/^\.\//, "").replace(/\.tsx$/, "").split(".").filter((s) => s !== "_index");
  const values: Record<string, string> = { ...target.ids, company: target.slug };
  const params = Object.fromEntries(segments.filter((s) => s.startsWith("$")).map((s) => [s.slice(1), values[s.slice(1)]!]));
  const path = `/${segments.map((s) => (s.startsWith("$") ? values[s.slice(1)] : s)).join("/")}`;
  return { params, path };
}

/** A form each action would act on if the company could change: its own ids, plausible values. */
function bodyFor(file: string, target: Company): Record<string, string> {
  const { ids } = target;
  const bodies: Record<string, Record<string, string>> = {
    "./c.$company.teams._index.tsx": { name: "New team" },
    "./c.$company.clients._index.tsx": { name: "New client", currency: "EUR" },
    "./c.$company.projects._index.tsx": { name: "New project", clientId: ids.clientId! },
    "./c.$company.projects.$projectId.tsx": { intent: "add-task", name: "New task" },
    "./c.$company.invitations.tsx": { email: "new@example.test", role: "employee" },
    "./c.$company.time.day.tsx": { intent: "delete-entry", entryId: ids.entryId! },
    "./c.$company.time._index.tsx": { intent: "submit", week: "2026-11-16" },
    "./c.$company.invoices._index.tsx": { clientId: ids.clientId!, from: "2026-11-01", to: "2026-11-30", groupBy: "project-task" },
    "./c.$company.invoices.settings.tsx": { legalName: "Changed", defaultTaxRate: "19", paymentTermsDays: "30", numberPrefix: "INV-", numberPadding: "4" },
    "./c.$company.invoices.$invoiceId.lines.tsx": { intent: "add-line", description: "Changed", quantity: "1", unitPrice: "10" },
    "./c.$company.invoices.$invoiceId.notes.tsx": { intent: "notes", notes: "Changed" },
    "./c.$company.invoices.$invoiceId.issue.tsx": { intent: "issue" },
    "./c.$company.invoices.$invoiceId.delete.tsx": { intent: "delete" },
    "./c.$company.billing.tsx": { intent: "portal" },
    "./c.$company.audit.exports._index.tsx": { intent: "retry", exportId: ids.failedExportId! },
    "./c.$company.notifications.tsx": { intent: "read", notificationId: target.notificationId },
    "./c.$company.api-tokens.tsx": { intent: "revoke", tokenId: ids.tokenId! },
  };
  return bodies[file] ?? { intent: "archive" };
}

/**
 * The status and value, with a response's body read whole: a streamed download
 * holds its transaction open until read, and PGlite's one connection with it.
 */
async function outcome(promise: Promise<unknown>): Promise<{ status: number | undefined; value: unknown; body?: string }> {
  try {
    const value = await promise;
    const body = value instanceof Response && value.body ? await value.text() : undefined;
    return { status: statusOf(value), value, body };
  } catch (thrown) {
    return { status: statusOf(thrown), value: thrown };
  }
}

async function callAction(ctx: AppLoadContext, file: string, target: Company, token = target.ownerToken) {
  const { params, path } = routeOf(file, target);
  const request = await requestAs(ctx, token, path, { method: "POST", body: new URLSearchParams(bodyFor(file, target)) });
  return outcome(routeModules[file]!.action!({ request, params, context: ctx }));
}

/** Downloads whose loader needs its choices in the query, as the page's links give them. */
const queries: Record<string, string> = {
  "./c.$company.finance.exports.download.tsx": "?kind=invoices&from=2026-11-01&to=2026-11-30&format=csv",
};

async function callLoader(ctx: AppLoadContext, file: string, target: Company, token = target.ownerToken) {
  const { params, path } = routeOf(file, target);
  const request = await requestAs(ctx, token, `${path}${queries[file] ?? ""}`);
  return outcome(routeModules[file]!.loader!({ request, params, context: ctx }));
}

/**
 * Every row of the company's data, across every table with company_id, as one
 * comparable value per table. Left out: a membership's last_active_at (and the
 * updated_at that follows it), which records a visit, refused or not; and the
 * outbox relay's progress on jobs queued before the walk, which runs meanwhile.
 */
const bookkeeping = ["last_active_at", "updated_at", "claimed_until", "enqueued_at", "processed_at", "payload"];
async function fingerprint(companyId: string): Promise<Record<string, string>> {
  const tables = await db.query<{ table: string }>(sql`
    select c.table_name as table from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and c.column_name = 'company_id' and t.table_type = 'BASE TABLE'
     order by c.table_name`);
  const prints: Record<string, string> = {};
  for (const { table } of tables) {
    const [row] = await db.query<{ print: string | null }>(sql`
      select md5(coalesce(string_agg(r, '|' order by r), '')) as print
        from (select (to_jsonb(t) - ${bookkeeping}::text[])::text as r from ${identifier(table)} t where company_id = ${companyId}) rows`);
    prints[table] = row!.print ?? "";
  }
  return prints;
}

const readOnlyMessage = /^This company is read-only because its subscription( is canceled|'s payment is past due)\. An owner or admin can restore it on the billing page\.$/;

function refusalMessage(value: unknown): unknown {
  return typeof value === "object" && value !== null && "data" in value ? (value as { data: unknown }).data : value;
}

/** An open invitation into the company, and its link's token. */
async function invitation(target: Company, email: string): Promise<string> {
  const token = `ro-invite-${crypto.randomUUID()}`;
  await db.query(sql`
    insert into invitations (company_id, email, role, token_hash, expires_at)
    values (${target.companyId}, ${email}, 'employee', ${hashToken(token)}, now() + interval '7 days')`);
  return token;
}

/** Accept as a new person through the invitation page's action, as the form posts it. */
async function acceptAsNewPerson(token: string) {
  const request = new Request(`http://hourbook.test/invitations/${token}`, {
    method: "POST",
    body: new URLSearchParams({ name: "Newcomer", password: "orbit-plum-kettle" }),
  });
  // An address of its own: attempts are counted per client IP, in Redis across runs when REDIS_URL is set.
  const clientIp = `10.${Array.from(crypto.getRandomValues(new Uint8Array(3))).join(".")}`;
  return outcome(acceptInvitation({ request, params: { token }, context: { ...context, clientIp } }));
}

async function joined(target: Company, email: string) {
  const [row] = await db.query<{ users: number; members: number; open: boolean }>(sql`
    select (select count(*)::int from users where lower(email) = lower(${email})) as users,
           (select count(*)::int from memberships m join users u on u.id = m.user_id
             where m.company_id = ${target.companyId} and lower(u.email) = lower(${email})) as members,
           (select accepted_at is null from invitations where company_id = ${target.companyId} and email = ${email}) as open`);
  return row!;
}

/**
 * What each page answers an owner of an identical company whose subscription is
 * active: the same fixtures, so a page that needs something they lack (a download
 * of another kind of export) answers the same either way, and only read-only mode
 * could make the two differ.
 */
const goodStandingStatuses: Record<string, number> = {};
beforeAll(async () => {
  const healthy = await company({ status: "active" });
  for (const file of files.filter((f) => routeModules[f]!.loader)) {
    goodStandingStatuses[file] = (await callLoader(context, file, healthy)).status ?? 200;
  }
  expect(Object.values(goodStandingStatuses).filter((status) => status === 200).length).toBeGreaterThan(15);
});

describe.each([
  { name: "canceled", subscription: { status: "canceled" }, reason: "is canceled" },
  { name: "past due beyond the grace period", subscription: { status: "past_due", pastDueDays: graceDays + 1 }, reason: "'s payment is past due" },
  { name: "unpaid beyond the grace period", subscription: { status: "unpaid", pastDueDays: graceDays + 3 }, reason: "'s payment is past due" },
])("a company whose subscription is $name", ({ subscription, reason }) => {
  let target: Company;
  beforeAll(async () => {
    target = await company(subscription);
  });

  it("refuses every change with 423 and the reason, except on billing, audit exports and notifications; nothing changes", async () => {
    expect(withAction.length).toBeGreaterThan(10);
    const before = await fingerprint(target.companyId);
    for (const file of withAction.filter((f) => !allowlisted.includes(f))) {
      const { status, value } = await callAction(context, file, target);
      expect({ file, status }).toEqual({ file, status: 423 });
      expect(refusalMessage(value)).toMatch(readOnlyMessage);
      expect(refusalMessage(value)).toContain(reason);
    }
    // An employee is refused the same way, before any question of permission.
    expect((await callAction(context, "./c.$company.time.day.tsx", target, target.employeeToken)).status).toBe(423);
    expect(await fingerprint(target.companyId)).toEqual(before);
  });

  it("still lets an owner open Stripe's portal, retry an audit export, mark a notification read and revoke an API token", async () => {
    const billing = await callAction(context, "./c.$company.billing.tsx", target);
    expect(billing.status).toBe(302);
    expect((billing.value as Response).headers.get("Location")).toBe("https://billing.stripe.test/p/session/ro");
    const retried = await callAction(context, "./c.$company.audit.exports._index.tsx", target);
    expect(retried.status).toBe(302);
    expect(await flashOf(context, retried.value)).toBe("The export will run again.");
    const [exported] = await db.query<{ status: string }>(sql`select status from audit_exports where id = ${target.ids.failedExportId}`);
    expect(exported!.status).toBe("queued");
    await callAction(context, "./c.$company.notifications.tsx", target);
    const [note] = await db.query<{ read: boolean }>(sql`select read_at is not null as read from notifications where id = ${target.notificationId}`);
    expect(note!.read).toBe(true);
    // A leaked token must stay revocable whatever the subscription.
    expect((await callAction(context, "./c.$company.api-tokens.tsx", target)).status).toBe(302);
    const [token] = await db.query<{ revoked: boolean }>(sql`select revoked_at is not null as revoked from api_tokens where id = ${target.ids.tokenId}`);
    expect(token!.revoked).toBe(true);
  });

  it("shows every page as a company in good standing sees it, and exports the time report, invoice PDFs and audit log", async () => {
    for (const file of files.filter((f) => routeModules[f]!.loader)) {
      const { status } = await callLoader(context, file, target);
      expect({ file, status: status ?? 200 }).toEqual({ file, status: goodStandingStatuses[file] });
    }
    const audit = await callLoader(context, "./c.$company.audit.exports.$exportId.download.tsx", target);
    expect(audit.body).toBe("seq,action\n");
    const report = await callLoader(context, "./c.$company.reports.time.export.tsx", target);
    expect((report.value as Response).headers.get("Content-Type")).toMatch(/csv/);
    const pdf = await callLoader(context, "./c.$company.invoices.$invoiceId.pdf.tsx", target);
    expect((pdf.value as Response).headers.get("Content-Type")).toBe("application/pdf");
  });

  it("tells owners why with a link, and everyone else why and who can restore it", async () => {
    const owner = await callLoader(context, "./c.$company.tsx", target);
    expect(owner.value).toMatchObject({ banner: { kind: "read-only", canFix: true, message: expect.stringContaining(reason) } });
    expect((owner.value as { banner: { message: string } }).banner.message).not.toContain("An owner or admin");
    const employee = await callLoader(context, "./c.$company.tsx", target, target.employeeToken);
    expect(employee.value).toMatchObject({ banner: { kind: "read-only", canFix: false, message: expect.stringMatching(readOnlyMessage) } });
  });

  it("takes no one in through an invitation: the page says why, nothing is created and the link stays open", async () => {
    const email = `joiner-${crypto.randomUUID()}@example.test`;
    const token = await invitation(target, email);
    const page = await invitationPage({ request: new Request(`http://hourbook.test/invitations/${token}`), params: { token }, context });
    expect(page.invitation).toMatchObject({ state: "open", companyReadOnly: true });
    const answer = await acceptAsNewPerson(token);
    expect(answer.value).toEqual({ failure: "read-only" });
    expect(await joined(target, email)).toEqual({ users: 0, members: 0, open: true });

    // Someone with an account already is refused the same way.
    const [person] = await db.query<{ id: string }>(sql`insert into users (name, email) values ('Has account', ${email}) returning id`);
    expect(await context.auth.accounts.acceptInvitation(token, { userId: person!.id })).toEqual({ ok: false, reason: "read-only" });
    expect(await joined(target, email)).toEqual({ users: 1, members: 0, open: true });
  });

  it("still signs in", async () => {
    const request = new Request("http://hourbook.test/login", {
      method: "POST",
      body: new URLSearchParams({ email: target.email, password, redirectTo: `/c/${target.slug}` }),
    });
    const response = (await signIn({ request, params: {}, context })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/c/${target.slug}`);
    expect(response.headers.get("Set-Cookie")).toMatch(/hourbook_session=/);
  });
});

describe("a company past due within its grace period", () => {
  let target: Company;
  beforeAll(async () => {
    target = await company({ status: "past_due", pastDueDays: 2 });
  });

  it("shows owners the days left and a link, and employees nothing", async () => {
    const owner = await callLoader(context, "./c.$company.tsx", target);
    expect(owner.value).toMatchObject({ banner: { kind: "past-due", daysLeft: graceDays - 2 } });
    const employee = await callLoader(context, "./c.$company.tsx", target, target.employeeToken);
    expect(employee.value).toMatchObject({ banner: null });
  });

  it("still takes people in through their invitations", async () => {
    const email = `joiner-${crypto.randomUUID()}@example.test`;
    const token = await invitation(target, email);
    const page = await invitationPage({ request: new Request(`http://hourbook.test/invitations/${token}`), params: { token }, context });
    expect(page.invitation).toMatchObject({ state: "open", companyReadOnly: false });
    const answer = await acceptAsNewPerson(token);
    expect(answer.status).toBe(302);
    expect(await joined(target, email)).toEqual({ users: 1, members: 1, open: false });
  });

  it("keeps every action working", async () => {
    for (const file of withAction) {
      const { status } = await callAction(context, file, target);
      expect({ file, status }).not.toEqual({ file, status: 423 });
    }
    const [team] = await db.query<{ count: number }>(sql`
      select count(*)::int as count from teams where company_id = ${target.companyId} and name = 'New team'`);
    expect(team!.count).toBe(1);
  });
});

describe("the embedded default (billing not configured)", () => {
  it("is never read-only, whatever the subscription row says", async () => {
    const target = await company({ status: "canceled" });
    for (const file of withAction) {
      const { status } = await callAction(embedded, file, target);
      expect({ file, status }).not.toEqual({ file, status: 423 });
    }
    expect((await callLoader(embedded, "./c.$company.tsx", target)).value).toMatchObject({ banner: null });
  });
});

describe("when a subscription became past due", () => {
  const apply = () => createApplyStripeEventProcessor({ db, logger: testLogger, plans: billingPlans(stripeTestEnv("")) });

  async function deliver(target: Company, customer: string, status: string, created: number) {
    const event = stripeEvent("customer.subscription.updated", subscriptionObject({ customer, status, quantity: 2 }), created);
    expect(((await webhook({ request: signedWebhook(JSON.stringify(event)), params: {}, context })) as Response).status).toBe(200);
    await apply()({ id: "job", name: "apply-stripe-event", queue: "billing", data: { eventId: event.id, companyId: target.companyId }, attempt: 1, maxAttempts: 5 });
    const [row] = await db.query<{ status: string; since: Date | null }>(sql`
      select status, past_due_since as since from company_subscriptions where company_id = ${target.companyId}`);
    return row!;
  }

  it("is the first overdue event's time, kept through repeats and unpaid, and cleared by a payment", async () => {
    const target = await company(null);
    const customer = `cus_since${Date.now()}`;
    await db.query(sql`insert into company_subscriptions (company_id, plan, stripe_customer_id) values (${target.companyId}, 'free', ${customer})`);
    const t = 1_790_000_000;
    expect(await deliver(target, customer, "active", t)).toEqual({ status: "active", since: null });
    expect(await deliver(target, customer, "past_due", t + 10)).toEqual({ status: "past_due", since: new Date((t + 10) * 1000) });
    expect(await deliver(target, customer, "past_due", t + 20)).toEqual({ status: "past_due", since: new Date((t + 10) * 1000) });
    expect(await deliver(target, customer, "unpaid", t + 30)).toEqual({ status: "unpaid", since: new Date((t + 10) * 1000) });
    // An older event arriving late changes nothing, the moment included.
    expect(await deliver(target, customer, "past_due", t + 5)).toEqual({ status: "unpaid", since: new Date((t + 10) * 1000) });
    expect(await deliver(target, customer, "active", t + 40)).toEqual({ status: "active", since: null });
    expect(await deliver(target, customer, "past_due", t + 50)).toEqual({ status: "past_due", since: new Date((t + 50) * 1000) });
  });
});
