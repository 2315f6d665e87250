import { readFileSync } from "node:fs";
import Stripe from "stripe";
import { billingBaseUrl, e2eStripeEnv, stripeStandInUrl } from "./billing-env";
import { expect, test } from "./fixtures";
import { signUpAndConfirm } from "./sign-up";

/**
 * An admin moves the company to a paid plan: the billing page sends them to
 * Stripe's Checkout (asserted, not followed: Stripe is a local stand-in), Stripe's
 * signed webhook arrives, its job applies it, and the page shows the new plan. On
 * the billed server (playwright.config.ts), whose Stripe is the stand-in.
 */
test.use({ baseURL: billingBaseUrl });

const stamp = Date.now();
const admin = { name: "Bea Billing", email: `bea-${stamp}@fabrikam.example`, password: "plum-orbit-kettle" };

interface StandInSession {
  id: string;
  url: string;
  customer: string;
  price: string;
  quantity: number;
  companyId: string;
}

test("an admin upgrades through Checkout, sees the plan once Stripe's webhook is applied and downloads the invoices; a cancellation leaves the company read-only", async ({ page, request }) => {
  // Sign-up hashes a password at OWASP's cost and confirms by email through the job runner: slow on a busy machine.
  test.setTimeout(180_000);
  await signUpAndConfirm(page, admin, `Fabrikam ${stamp}`);
  await expect(page.getByRole("heading", { name: "Welcome, Bea" })).toBeVisible();

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
  const billingUrl = page.url();
  const details = page.locator("dl.details");
  await expect(details.getByText("Free", { exact: true })).toBeVisible();

  // Checkout is Stripe's page: stop the browser at its address instead of loading it.
  const checkoutUrls: string[] = [];
  await page.route(`${stripeStandInUrl}/checkout/**`, async (route) => {
    checkoutUrls.push(route.request().url());
    await route.fulfill({ contentType: "text/html", body: "<title>Checkout</title><h1>Stripe Checkout (not followed)</h1>" });
  });
  await page.getByRole("button", { name: "Continue to Checkout" }).click();
  await expect(page.getByRole("heading", { name: "Stripe Checkout (not followed)" })).toBeVisible();

  const made = (await (await request.get(`${stripeStandInUrl}/__e2e/checkout-sessions`)).json()) as { data: StandInSession[] };
  const session = made.data.find((s) => checkoutUrls.includes(s.url));
  expect(session, "the browser was sent to the Checkout Session the app created").toBeDefined();
  expect(checkoutUrls).toEqual([session!.url]);
  expect(session).toMatchObject({ price: e2eStripeEnv.STRIPE_PRICE_TEAM, quantity: 1 });

  // What Stripe sends once the customer has paid, signed as Stripe signs it.
  const now = Math.floor(Date.now() / 1000);
  const event = {
    id: `evt_e2e${stamp}`,
    object: "event",
    type: "customer.subscription.created",
    created: now,
    livemode: false,
    data: {
      object: {
        id: `sub_e2e${stamp}`,
        object: "subscription",
        customer: session!.customer,
        status: "active",
        cancel_at_period_end: false,
        metadata: { company_id: session!.companyId },
        items: {
          object: "list",
          data: [{ id: `si_e2e${stamp}`, price: { id: e2eStripeEnv.STRIPE_PRICE_TEAM }, quantity: 1, current_period_start: now, current_period_end: now + 30 * 86_400 }],
        },
      },
    },
  };
  const payload = JSON.stringify(event);
  const signature = new Stripe(e2eStripeEnv.STRIPE_SECRET_KEY).webhooks.generateTestHeaderString({ payload, secret: e2eStripeEnv.STRIPE_WEBHOOK_SECRET });
  const delivered = await request.post("/webhooks/stripe", { headers: { "Content-Type": "application/json", "Stripe-Signature": signature }, data: payload });
  expect(delivered.status()).toBe(200);
  expect(await delivered.json()).toEqual({ received: true, duplicate: false });

  // The event is applied by a job (the embedded runner here), a moment after the 200.
  await expect(async () => {
    await page.goto(billingUrl);
    await expect(details.getByText("Team", { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(details.getByText("Active", { exact: true })).toBeVisible();
  await expect(details.getByText("Visa ending in 4242, expires 12/2099")).toBeVisible();
  await expect(details.getByText(/^€12\.00 on /)).toBeVisible();
  // Subscribed: changes go through Stripe's portal now, not a second Checkout.
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to Checkout" })).toHaveCount(0);

  // Finance's file of Stripe's invoices, as the page lists them.
  await expect(page.getByRole("table", { name: "Invoices" }).getByRole("row", { name: /HB-E2E-0001/ })).toContainText("€12.00");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download CSV/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-stripe-invoices\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.split("\n")[1]).toMatch(/^HB-E2E-0001,\d{4}-\d{2}-\d{2},paid,EUR,12\.00,12\.00,12\.00,http/);

  // Stripe ends the subscription: the company becomes read-only. Pages still open,
  // their forms are disabled and say why; the billing page stays usable to subscribe again.
  const ended = { ...structuredClone(event), id: `evt_e2e${stamp}end`, type: "customer.subscription.deleted", created: now + 1 };
  ended.data.object.status = "canceled";
  const endedPayload = JSON.stringify(ended);
  const endedSignature = new Stripe(e2eStripeEnv.STRIPE_SECRET_KEY).webhooks.generateTestHeaderString({ payload: endedPayload, secret: e2eStripeEnv.STRIPE_WEBHOOK_SECRET });
  expect((await request.post("/webhooks/stripe", { headers: { "Content-Type": "application/json", "Stripe-Signature": endedSignature }, data: endedPayload })).status()).toBe(200);
  await expect(async () => {
    await page.goto(billingUrl);
    await expect(details.getByText("Canceled", { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText(/This company is read-only because its subscription is canceled/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to Checkout" })).toBeEnabled();

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Time" }).click();
  await expect(page.getByText("Read-only: changes are turned off until the company's billing is restored.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save and submit week" })).toBeDisabled();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Clients" }).click();
  await expect(page.getByText("Read-only: changes are turned off until the company's billing is restored.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Add client|Create client/ })).toBeDisabled();
});
