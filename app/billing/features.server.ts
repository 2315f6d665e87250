import { data, type AppLoadContext } from "@remix-run/node";
import type { Member } from "~/kernel/accounts/session.server";
import { readSubscription } from "./billing.server";
import { effectivePlan, planAllows, planIds, type PlanFeature, type PlanId } from "../kernel/company/plans";

const featureNames: Record<PlanFeature, string> = { "audit-export": "Audit log exports" };

/** The plan the member's company uses now (the default plan while billing isn't configured). */
export async function companyPlan(context: AppLoadContext, member: Member): Promise<PlanId> {
  const subscription = await context.withTenant(member.tenant, readSubscription);
  return effectivePlan(context.billing.config, subscription);
}

/** Whether the company's plan includes `feature`, and which plan would. */
export async function planFeature(context: AppLoadContext, member: Member, feature: PlanFeature) {
  const plans = context.billing.plans;
  const plan = await companyPlan(context, member);
  const cheapest = planIds.find((id) => planAllows(plans, id, feature)) ?? "business";
  return { allowed: planAllows(plans, plan, feature), includedIn: plans[cheapest].name };
}

/** A guard like requirePermission: 403 naming the plan that includes the feature. */
export async function requirePlanFeature(context: AppLoadContext, member: Member, feature: PlanFeature): Promise<void> {
  const { allowed, includedIn } = await planFeature(context, member, feature);
  if (!allowed) {
    throw data(`${featureNames[feature]} are part of the ${includedIn} plan. An owner or admin can upgrade on the billing page.`, {
      status: 403,
    });
  }
}
