import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { todayIn, weekStartOf, type Day } from "../clock/weeks";

/**
 * The company's clock: its time zone and the weekday its weeks start on (0 = Sunday),
 * with today and this week's first day as the company sees them. Every model that
 * needs "today" or "this week" for a company asks here, so a day boundary means the
 * same thing on every page, report, reminder and invoice.
 */
export interface CompanyClock {
  timezone: string;
  weekStart: number;
  today: Day;
  thisWeek: Day;
}

/** The columns of `companies` a clock is made from, for queries that read more of the company at once. */
export const clockColumns = sql`timezone, week_start as "weekStart"`;

export function clockAt(company: { timezone: string; weekStart: number }, now = new Date()): CompanyClock {
  const today = todayIn(company.timezone, now);
  return { timezone: company.timezone, weekStart: company.weekStart, today, thisWeek: weekStartOf(today, company.weekStart) };
}

export async function companyClock(tx: TenantTransaction, now = new Date()): Promise<CompanyClock> {
  const [company] = await tx.query<{ timezone: string; weekStart: number }>(sql`
    select ${clockColumns} from companies where id = ${tx.tenant.companyId}`);
  if (!company) throw new Error("The company in context is not visible");
  return clockAt(company, now);
}

/** The company's zone as a SQL expression, for turning timestamps into its calendar days inside a query. */
export const companyZone = (tx: TenantTransaction) => sql`(select timezone from companies where id = ${tx.tenant.companyId})`;
