import Stripe from "stripe";
import type { Config } from "../../platform/config";

/**
 * The Stripe SDK as this product uses it, or null while billing isn't configured.
 * STRIPE_API_BASE points it at a local stand-in (tests, development): the SDK takes
 * host, port and protocol separately. Network errors and Stripe's 409/429/5xx are
 * retried by the SDK itself, with the same idempotency key each time.
 */
export function createStripeClient(
  config: Pick<Config, "STRIPE_SECRET_KEY" | "STRIPE_API_BASE">,
  options: { maxNetworkRetries?: number; timeoutMs?: number } = {},
): Stripe | null {
  if (!config.STRIPE_SECRET_KEY) return null;
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    // A page waiting on Stripe should fail in seconds, not the SDK's 80.
    timeout: options.timeoutMs ?? 10_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port ? Number(base.port) : base.protocol === "https:" ? 443 : 80,
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}
