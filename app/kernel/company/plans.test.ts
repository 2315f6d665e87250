import { describe, expect, it } from "vitest";
import { billingPlans, effectivePlan, planAllows, planOfPrice, subscriptionIsLive } from "./plans";

const plans = billingPlans({ STRIPE_PRICE_TEAM: "price_team", STRIPE_PRICE_BUSINESS: "price_business" });
const configured = { STRIPE_SECRET_KEY: "sk_test_x", BILLING_DEFAULT_PLAN: "business" as const };

describe("plans", () => {
  it("gives every company the default plan while billing isn't configured, whatever is stored", () => {
    expect(effectivePlan({ BILLING_DEFAULT_PLAN: "business" }, null)).toBe("business");
    expect(effectivePlan({ BILLING_DEFAULT_PLAN: "team" }, { plan: "free", status: "canceled" })).toBe("team");
  });

  it("uses the subscribed plan while the subscription is in force, and free otherwise", () => {
    expect(effectivePlan(configured, null)).toBe("free");
    for (const status of ["trialing", "active", "past_due"]) expect(effectivePlan(configured, { plan: "team", status }), status).toBe("team");
    for (const status of ["none", "incomplete", "canceled", "unpaid", "paused"]) expect(effectivePlan(configured, { plan: "team", status }), status).toBe("free");
  });

  it("counts a subscription as live until Stripe has ended it, so no second Checkout opens beside it", () => {
    expect(["trialing", "active", "past_due", "unpaid", "paused", "incomplete"].filter(subscriptionIsLive)).toHaveLength(6);
    expect(["none", "canceled", "incomplete_expired"].filter(subscriptionIsLive)).toEqual([]);
  });

  it("knows its plans by Stripe price, and nothing else", () => {
    expect(planOfPrice(plans, "price_business")).toBe("business");
    expect(planOfPrice(plans, "price_team")).toBe("team");
    expect(planOfPrice(plans, "price_elsewhere")).toBeNull();
    expect(planOfPrice(billingPlans({}), null)).toBeNull();
  });

  it("unlocks audit exports on business only, and limits free to 3 members", () => {
    expect(["free", "team", "business"].map((plan) => planAllows(plans, plan as "free", "audit-export"))).toEqual([false, false, true]);
    expect(plans.free.memberLimit).toBe(3);
    expect(plans.team.memberLimit).toBeNull();
  });
});
