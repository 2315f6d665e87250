import type { TenantTransaction } from "../../../db/tenant";
import { readSeatSubscription, type SeatRules } from "../members/seats.server";
import { effectivePlan, planAllows, planIds, type PlanFeature } from "./plans";

const featureNames: Record<PlanFeature, string> = { "audit-export": "Audit log exports" };

export interface PlanFeatureStanding {
  allowed: boolean;
  /** The cheapest plan that includes the feature, by name: what the page and the refusal offer. */
  includedIn: string;
  /** What a refused request is told. */
  refusal: string;
}

/**
 * Whether the company in context's plan includes `feature` now. Here rather than in
 * billing because a feature's operations refuse by it, as they refuse by permission;
 * the load context's `billing` holds the rules.
 */
export async function planFeatureIn(tx: TenantTransaction, rules: SeatRules, feature: PlanFeature): Promise<PlanFeatureStanding> {
  const plan = effectivePlan(rules.config, await readSeatSubscription(tx, tx.tenant.companyId));
  const cheapest = planIds.find((id) => planAllows(rules.plans, id, feature)) ?? "business";
  const includedIn = rules.plans[cheapest].name;
  return {
    allowed: planAllows(rules.plans, plan, feature),
    includedIn,
    refusal: `${featureNames[feature]} are part of the ${includedIn} plan. An owner or admin can upgrade on the billing page.`,
  };
}
