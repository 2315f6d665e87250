import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";

export type BudgetLevel = "ok" | "warning" | "over";

export interface ProjectBudget {
  projectId: string;
  projectName: string;
  clientName: string | null;
  budgetMinutes: number;
  loggedMinutes: number;
  level: BudgetLevel;
}

/** A project is warned at 80 % of its budget and over it at 100 %. */
export function budgetLevel(loggedMinutes: number, budgetMinutes: number): BudgetLevel {
  if (loggedMinutes >= budgetMinutes) return "over";
  if (loggedMinutes * 5 >= budgetMinutes * 4) return "warning";
  return "ok";
}

/**
 * Live projects with a budget, and all time ever logged on each (budgets aren't
 * per period), by name. The dashboard shows them; the budget alerts job watches them.
 */
export async function listProjectBudgets(tx: TenantTransaction): Promise<ProjectBudget[]> {
  const budgets = await tx.query<Omit<ProjectBudget, "level">>(sql`
    select p.id as "projectId", p.name as "projectName", cl.name as "clientName", p.budget_minutes as "budgetMinutes",
           coalesce((select sum(e.minutes) from time_entries e
                      where e.company_id = p.company_id and e.project_id = p.id), 0)::int as "loggedMinutes"
      from projects p
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
     where p.company_id = ${tx.tenant.companyId} and p.budget_minutes is not null and p.archived_at is null
     order by lower(p.name), p.id`);
  return budgets.map((budget) => ({ ...budget, level: budgetLevel(budget.loggedMinutes, budget.budgetMinutes) }));
}
