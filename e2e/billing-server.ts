/**
 * The billed server for e2e/billing.spec.ts: a Stripe stand-in on
 * E2E_STRIPE_PORT, then the built app (build/, made by the first web server) on
 * E2E_BILLING_PORT with billing pointed at it. The stand-in answers what the
 * billing page and Checkout ask, and lists the Checkout Sessions it made under
 * /__e2e/checkout-sessions so the spec can deliver the webhook Stripe would send.
 * SIGTERM or SIGINT stops both; the app stopping on its own stops the stand-in.
 */
import { spawn } from "node:child_process";
import { startStripeStandIn, type StripeRequest } from "../app/testing/stripe-stand-in-server";
import { billingPort, e2eStripeEnv, stripeStandInPort, stripeStandInUrl } from "./billing-env";

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error("DATA_DIR must name the billed server's own data directory");

const sessions: { id: string; url: string; customer: string; price: string; quantity: number; companyId: string }[] = [];
let customers = 0;
const standIn = await startStripeStandIn({ port: stripeStandInPort });
const card = { id: "pm_e2evisa", object: "payment_method", type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2099 } };

standIn.on("POST /v1/customers", () => {
  customers += 1;
  return { body: { id: `cus_e2e${customers}x${Date.now()}`, object: "customer" } };
});
standIn.on("POST /v1/checkout/sessions", (request: StripeRequest) => {
  const id = `cs_test_e2e${sessions.length + 1}`;
  const session = {
    id,
    url: `${stripeStandInUrl}/checkout/${id}`,
    customer: request.body.get("customer") ?? "",
    price: request.body.get("line_items[0][price]") ?? "",
    quantity: Number(request.body.get("line_items[0][quantity]")),
    companyId: request.body.get("client_reference_id") ?? "",
  };
  sessions.push(session);
  return { body: { id, object: "checkout.session", url: session.url } };
});
// A customer that went through Checkout has paid its first invoice.
standIn.on("GET /v1/invoices", (request) => {
  const customer = request.query.get("customer");
  const paid = sessions.some((session) => session.customer === customer);
  const invoice = {
    id: "in_e2e1", object: "invoice", number: "HB-E2E-0001", created: Math.floor(Date.now() / 1000), total: 1_200, amount_paid: 1_200,
    amount_due: 1_200, currency: "eur", status: "paid", invoice_pdf: `${stripeStandInUrl}/invoices/in_e2e1.pdf`, hosted_invoice_url: `${stripeStandInUrl}/invoices/in_e2e1`,
  };
  return { body: { object: "list", has_more: false, url: "/v1/invoices", data: paid ? [invoice] : [] } };
});
standIn.on("POST /v1/invoices/create_preview", () => ({
  body: { id: "upcoming_in_e2e", object: "invoice", amount_due: 1_200, currency: "eur", next_payment_attempt: null, period_end: 4_102_444_800 },
}));
standIn.on("GET /v1/subscriptions/*", (request) => ({
  body: { id: request.path.split("/").at(-1), object: "subscription", default_payment_method: card, customer: "cus_e2e" },
}));
standIn.on("GET /v1/customers/*", (request) => ({
  body: { id: request.path.split("/").at(-1), object: "customer", invoice_settings: { default_payment_method: null } },
}));
standIn.on("GET /__e2e/checkout-sessions", () => ({ body: { data: sessions } }));
// Where Checkout would be: the spec asserts the redirect without following it.
standIn.on("GET /checkout/*", () => ({ status: 404, body: { error: "the e2e spec must not follow Checkout" } }));

const app = spawn(process.execPath, ["build/server/index.js"], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...e2eStripeEnv,
    NODE_ENV: "test",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    RATE_LIMIT_IP_ATTEMPTS: "1000",
    PORT: String(billingPort),
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    REDIS_URL: "",
  },
});

const appExited = new Promise<number>((resolve) => app.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));

let stopping = false;
/** The app first (it finishes its requests and jobs), then the stand-in it may still be calling. */
async function stop(exitCode?: number) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null && app.signalCode === null) {
    app.kill("SIGTERM");
    const forced = setTimeout(() => app.kill("SIGKILL"), 15_000);
    await appExited;
    clearTimeout(forced);
  }
  await standIn.close();
  process.exit(exitCode ?? 0);
}
void appExited.then((code) => stop(code));
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
