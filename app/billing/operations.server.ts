import type { AppLoadContext } from "@remix-run/node";
import type { Member } from "~/kernel/accounts/session.server";
import { callOut, refused, succeeded, type Outcome } from "~/kernel/operations";
import type { BillingCompany } from "./checkout.server";
import { checkoutInput, portalInput } from "./inputs";

const notConfigured = refused(409, "Billing isn't configured on this server.");

const billingCompany = (member: Member): BillingCompany => ({ tenant: member.tenant, name: member.company.name, slug: member.company.slug });

/** A Stripe failure (after the client's own retries) is a message, never a 500: nothing was charged. */
async function reachingStripe<Result>(services: AppLoadContext, call: () => Promise<Outcome<Result>>): Promise<Outcome<Result>> {
  try {
    return await call();
  } catch (error) {
    services.logger.error({ err: error }, "Stripe call from the billing page failed");
    return refused(503, "Stripe couldn't be reached. Nothing was charged; try again in a moment.");
  }
}

/** Stripe's Checkout for a paid plan, one seat per active member; a company with a live subscription uses the portal. */
export const startCheckoutOperation = callOut({
  name: "billing.start-checkout",
  permission: "billing:manage",
  input: checkoutInput,
  call: async (input, { member, services }) => {
    const stripe = services.billing.stripe;
    if (!stripe) return notConfigured;
    return reachingStripe(services, async () => {
      const started = await stripe.startCheckout(billingCompany(member), input);
      return started.ok ? succeeded({ url: started.url }) : refused(409, started.message);
    });
  },
});

/** Stripe's customer portal, where the card, plan and cancellation change. */
export const openBillingPortalOperation = callOut({
  name: "billing.open-portal",
  permission: "billing:manage",
  input: portalInput,
  call: async (_input, { member, services }) => {
    const stripe = services.billing.stripe;
    if (!stripe) return notConfigured;
    return reachingStripe(services, async () => {
      const url = await stripe.openPortal(billingCompany(member));
      return url ? succeeded({ url }) : refused(409, "There is no billing account yet: choose a plan first.");
    });
  },
});
