import { z } from "zod";

/** The billing page's operation inputs; its plan form is validated with the same schema in the browser. */
export const checkoutInput = z.object({
  plan: z.enum(["team", "business"], { error: "Choose the team or business plan" }),
  // From the page: one per view, so a double submit opens one Checkout Session.
  requestKey: z.uuid({ error: "Reload the page and try again" }),
});

export const portalInput = z.object({});
