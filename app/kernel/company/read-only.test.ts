import { describe, expect, it } from "vitest";
import { allowedWhileReadOnlyPath, billingStanding, changesState } from "./read-only";

const configured = { STRIPE_SECRET_KEY: "sk_test_x", BILLING_GRACE_DAYS: 7 };
const now = new Date("2026-11-21T10:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe("billingStanding", () => {
  it("is never read-only without billing, whatever the subscription says", () => {
    const off = { STRIPE_SECRET_KEY: undefined, BILLING_GRACE_DAYS: 7 };
    expect(billingStanding(off, { status: "canceled", pastDueSince: null }, now)).toEqual({ state: "ok" });
    expect(billingStanding(off, { status: "past_due", pastDueSince: daysAgo(30) }, now)).toEqual({ state: "ok" });
  });

  it("leaves a company that never subscribed, or isn't overdue, as it is", () => {
    expect(billingStanding(configured, null, now)).toEqual({ state: "ok" });
    for (const status of ["none", "active", "trialing", "incomplete", "incomplete_expired", "paused"]) {
      expect(billingStanding(configured, { status, pastDueSince: null }, now), status).toEqual({ state: "ok" });
    }
  });

  it("makes a canceled company read-only at once", () => {
    expect(billingStanding(configured, { status: "canceled", pastDueSince: null }, now)).toEqual({ state: "read-only", reason: "canceled" });
  });

  it("counts the grace from when payment became overdue, rounding the days left up", () => {
    expect(billingStanding(configured, { status: "past_due", pastDueSince: daysAgo(0.5) }, now)).toMatchObject({ state: "past-due", daysLeft: 7 });
    expect(billingStanding(configured, { status: "past_due", pastDueSince: daysAgo(6.9) }, now)).toEqual({
      state: "past-due",
      daysLeft: 1,
      graceEndsAt: new Date(daysAgo(6.9).getTime() + 7 * 86_400_000),
    });
    expect(billingStanding(configured, { status: "past_due", pastDueSince: daysAgo(7) }, now)).toEqual({ state: "read-only", reason: "past-due" });
    expect(billingStanding(configured, { status: "unpaid", pastDueSince: daysAgo(8) }, now)).toEqual({ state: "read-only", reason: "past-due" });
  });

  it("with no grace configured, is read-only as soon as payment is overdue", () => {
    const strict = { ...configured, BILLING_GRACE_DAYS: 0 };
    expect(billingStanding(strict, { status: "past_due", pastDueSince: now }, now)).toEqual({ state: "read-only", reason: "past-due" });
  });

  it("gives an overdue row without its start the whole grace period", () => {
    expect(billingStanding(configured, { status: "past_due", pastDueSince: null }, now)).toMatchObject({ state: "past-due", daysLeft: 7 });
  });
});

describe("what a read-only company may still do", () => {
  it("allows the billing, export and notification pages of its own slug only", () => {
    for (const path of ["/c/acme/billing", "/c/acme/audit/exports", "/c/acme/audit/exports/", "/c/acme/finance/exports", "/c/acme/notifications", "/c/acme/api-tokens"]) {
      expect(allowedWhileReadOnlyPath(path, "acme"), path).toBe(true);
    }
    for (const path of ["/c/acme/members", "/c/acme/billing/extra", "/c/acme", "/c/other/billing", "/c/acme-2/billing", "/billing"]) {
      expect(allowedWhileReadOnlyPath(path, "acme"), path).toBe(false);
    }
  });

  it("treats only GET and HEAD as reading", () => {
    expect(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].filter(changesState)).toEqual(["POST", "PUT", "PATCH", "DELETE"]);
  });
});
