/**
 * The billed server the billing journey runs against (playwright.config.ts starts
 * it beside the default one, which has no Stripe configuration: other journeys
 * rely on every company being on the default plan). Its Stripe is a local stand-in.
 */
export const billingPort = Number(process.env.E2E_BILLING_PORT ?? 3101);
export const stripeStandInPort = Number(process.env.E2E_STRIPE_PORT ?? 3102);
export const billingBaseUrl = `http://localhost:${billingPort}`;
export const stripeStandInUrl = `http://127.0.0.1:${stripeStandInPort}`;

export const e2eStripeEnv = {
  STRIPE_SECRET_KEY: "sk_test_hourbooke2e",
  STRIPE_WEBHOOK_SECRET: "whsec_hourbooke2e",
  STRIPE_PRICE_TEAM: "price_e2eteam",
  STRIPE_PRICE_BUSINESS: "price_e2ebusiness",
  STRIPE_API_BASE: stripeStandInUrl,
} as const;
