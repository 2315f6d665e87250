import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { shiftDay, weekDays, type Day } from "~/kernel/clock/weeks";
import type { TimesheetStatus } from "../time/entries.server";
import { recentTimesheets } from "../time/timesheets.server";
import { clockAt, clockColumns } from "~/kernel/company/clock.server";
import { listProjectBudgets, type ProjectBudget } from "~/kernel/catalog/budgets.server";

/**
 * The figures of the company overview, one section per kind of reader. Each section
 * costs a fixed number of queries however many people, projects or weeks it covers.
 * Nothing here filters by role beyond what the section is about: RLS shows each
 * member the time they may see, and the page asks for a section only when the
 * member's role calls for it.
 */

export interface DashboardCalendar {
  timezone: string;
  weekStart: number;
  weeklyTargetMinutes: number;
  today: Day;
  thisWeek: Day;
}

export async function getDashboardCalendar(tx: TenantTransaction, now = new Date()): Promise<DashboardCalendar> {
  const [company] = await tx.query<{ timezone: string; weekStart: number; weeklyTargetMinutes: number }>(sql`
    select ${clockColumns}, weekly_target_minutes as "weeklyTargetMinutes" from companies where id = ${tx.tenant.companyId}`);
  if (!company) throw new Error("The company in context is not visible");
  return { ...clockAt(company, now), weeklyTargetMinutes: company.weeklyTargetMinutes };
}

// ------------------------------------------------------------------ your week

export interface DayTotal {
  day: Day;
  minutes: number;
}

export interface RecentEntry {
  id: string;
  day: Day;
  minutes: number;
  projectName: string;
  clientName: string | null;
  taskName: string | null;
  notes: string | null;
}

export interface EmployeeDashboard {
  weekStart: Day;
  targetMinutes: number;
  weekMinutes: number;
  /** This week's days up to today, with what was logged on each. */
  days: DayTotal[];
  /** Working days (Monday to Friday) of this week up to today with no time. */
  daysWithoutTime: Day[];
  recentEntries: RecentEntry[];
  timesheets: { id: string; weekStart: Day; status: TimesheetStatus; totalMinutes: number }[];
}

const isWorkingDay = (day: Day) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

export async function loadEmployeeDashboard(tx: TenantTransaction, calendar: DashboardCalendar): Promise<EmployeeDashboard> {
  const userId = tx.tenant.userId;
  const weekEnd = shiftDay(calendar.thisWeek, 6);
  const logged = await tx.query<DayTotal>(sql`
    select e.work_date as day, sum(e.minutes)::int as minutes
      from time_entries e
     where e.company_id = ${tx.tenant.companyId} and e.user_id = ${userId}
       and e.work_date between ${calendar.thisWeek} and ${weekEnd}
     group by e.work_date`);
  const byDay = new Map(logged.map((row) => [row.day, row.minutes]));
  const days = weekDays(calendar.thisWeek)
    .filter((day) => day <= calendar.today)
    .map((day) => ({ day, minutes: byDay.get(day) ?? 0 }));
  const recentEntries = await tx.query<RecentEntry>(sql`
    select e.id, e.work_date as day, e.minutes, p.name as "projectName", cl.name as "clientName", t.name as "taskName", e.notes
      from time_entries e
      join projects p on p.company_id = e.company_id and p.id = e.project_id
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
      left join tasks t on t.company_id = e.company_id and t.id = e.task_id
     where e.company_id = ${tx.tenant.companyId} and e.user_id = ${userId}
     order by e.work_date desc, e.created_at desc, e.id
     limit 5`);
  return {
    weekStart: calendar.thisWeek,
    targetMinutes: calendar.weeklyTargetMinutes,
    // Time logged ahead (later this week) counts toward the week, as on the week page.
    weekMinutes: logged.reduce((sum, row) => sum + row.minutes, 0),
    days,
    // Weekends are not expected to hold time: the demo and most companies work Monday to Friday.
    daysWithoutTime: days.filter((entry) => entry.minutes === 0 && isWorkingDay(entry.day)).map((entry) => entry.day),
    recentEntries,
    timesheets: await recentTimesheets(tx, userId, 4),
  };
}

// ------------------------------------------------------------------ your teams

export interface TeamPerson {
  userId: string;
  name: string;
  weekMinutes: number;
  /** Their timesheet of last week: null when they never opened it. */
  lastWeekStatus: TimesheetStatus | null;
}

export interface TeamDashboard {
  weekStart: Day;
  lastWeekStart: Day;
  people: TeamPerson[];
  /** Submitted timesheets the member may decide, as the approvals page counts them. */
  waitingCount: number;
  /** People whose last week is neither submitted nor approved. */
  notSubmitted: TeamPerson[];
}

/**
 * The people whose weeks the member approves: a manager's live teams (themselves
 * included, their own week being part of the team's), everyone active for owners
 * and admins, as the approvals page has it.
 */
export async function loadTeamDashboard(tx: TenantTransaction, calendar: DashboardCalendar): Promise<TeamDashboard> {
  const lastWeekStart = shiftDay(calendar.thisWeek, -7);
  const people = await tx.query<TeamPerson>(sql`
    with scope as (
      select m.company_id, m.user_id, coalesce(nullif(btrim(u.name), ''), u.email) as name
        from memberships m
        join users u on u.id = m.user_id
       where m.company_id = ${tx.tenant.companyId} and m.status = 'active'
         and ((select app_approves_everyone()) or m.user_id = any((select app_managed_user_ids())::uuid[]))
    ), week as (
      select e.user_id, sum(e.minutes)::int as minutes
        from time_entries e
       where e.company_id = ${tx.tenant.companyId}
         and e.work_date between ${calendar.thisWeek} and ${shiftDay(calendar.thisWeek, 6)}
       group by e.user_id
    )
    select s.user_id as "userId", s.name, coalesce(w.minutes, 0) as "weekMinutes", ts.status as "lastWeekStatus"
      from scope s
      left join week w on w.user_id = s.user_id
      left join timesheets ts on ts.company_id = s.company_id and ts.user_id = s.user_id and ts.week_start = ${lastWeekStart}
     order by lower(s.name), s.user_id`);
  const [waiting] = await tx.query<{ count: number }>(sql`
    select count(*)::int as count
      from timesheets s
     where s.company_id = ${tx.tenant.companyId} and s.status = 'submitted'
       and ((select app_approves_everyone())
            or (s.user_id <> app_user_id() and s.user_id = any((select app_managed_user_ids())::uuid[])))`);
  return {
    weekStart: calendar.thisWeek,
    lastWeekStart,
    people,
    waitingCount: waiting?.count ?? 0,
    notSubmitted: people.filter((person) => person.lastWeekStatus !== "submitted" && person.lastWeekStatus !== "approved"),
  };
}

// ------------------------------------------------------------------ the company

export const dashboardWeeks = 12;

export interface WeeklyProjectHours {
  weekStart: Day;
  projectId: string;
  projectName: string;
  clientId: string | null;
  clientName: string | null;
  minutes: number;
}

export interface BillableMonth {
  /** The month's first day. */
  month: Day;
  minutes: number;
  billableMinutes: number;
}

export interface UninvoicedAmount {
  currency: string;
  /** Approved billable minutes not on an issued invoice, with a frozen rate. */
  minutes: number;
  /** Σ rate × minutes / 60, rounded once, in the currency's minor units. */
  amountMinor: number;
}

export interface CompanyDashboard {
  /** The first days of the last weeks, oldest first, this week last. */
  weeks: Day[];
  weeklyProjectHours: WeeklyProjectHours[];
  billable: { thisMonth: BillableMonth; lastMonth: BillableMonth };
  uninvoiced: UninvoicedAmount[];
  /** Approved billable minutes whose project and client have no rate: they can't be priced. */
  unpricedMinutes: number;
  budgets: ProjectBudget[];
}

export function monthStartOf(day: Day): Day {
  return `${day.slice(0, 7)}-01`;
}

export function previousMonthStart(day: Day): Day {
  return monthStartOf(shiftDay(monthStartOf(day), -1));
}

/** For owners, admins and finance, who see all of the company's time under RLS. */
export async function loadCompanyDashboard(tx: TenantTransaction, calendar: DashboardCalendar): Promise<CompanyDashboard> {
  const weeks = Array.from({ length: dashboardWeeks }, (_, index) => shiftDay(calendar.thisWeek, (index - dashboardWeeks + 1) * 7));
  const weeklyProjectHours = await tx.query<WeeklyProjectHours>(sql`
    select week_start_of(e.work_date, ${calendar.weekStart}::smallint) as "weekStart", p.id as "projectId", p.name as "projectName",
           cl.id as "clientId", cl.name as "clientName", sum(e.minutes)::int as minutes
      from time_entries e
      join projects p on p.company_id = e.company_id and p.id = e.project_id
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
     where e.company_id = ${tx.tenant.companyId} and e.work_date between ${weeks[0]!} and ${shiftDay(calendar.thisWeek, 6)}
     group by 1, p.id, p.name, cl.id, cl.name
     order by 1, lower(p.name), p.id`);

  const thisMonth = monthStartOf(calendar.today);
  const lastMonth = previousMonthStart(calendar.today);
  const months = await tx.query<BillableMonth>(sql`
    select ${thisMonth}::date as month, coalesce(sum(minutes), 0)::int as minutes,
           coalesce(sum(minutes) filter (where billable), 0)::int as "billableMinutes"
      from time_entries
     where company_id = ${tx.tenant.companyId} and work_date >= ${thisMonth} and work_date <= ${calendar.today}
    union all
    select ${lastMonth}::date, coalesce(sum(minutes), 0)::int, coalesce(sum(minutes) filter (where billable), 0)::int
      from time_entries
     where company_id = ${tx.tenant.companyId} and work_date >= ${lastMonth} and work_date < ${thisMonth}`);

  // Frozen rates exist exactly while the week is approved, so no join to timesheets.
  // Time on an issued (or paid) invoice is billed; a draft's or a void's is not.
  const priced = await tx.query<{ currency: string; minutes: number; amountMinor: number | null }>(sql`
    select e.currency, sum(e.minutes)::int as minutes,
           round(sum(e.rate_minor::bigint * e.minutes) / 60.0)::bigint as "amountMinor"
      from time_entries e
     where e.company_id = ${tx.tenant.companyId} and e.billable and e.frozen_at is not null
       and not exists (select 1 from invoice_entries ie
                        where ie.company_id = e.company_id and ie.entry_id = e.id and ie.billed)
     group by e.currency, e.rate_minor is null
     order by e.currency`);

  const budgets = await listProjectBudgets(tx);

  const byMonth = new Map(months.map((row) => [row.month, row]));
  const uninvoiced = new Map<string, UninvoicedAmount>();
  let unpricedMinutes = 0;
  for (const row of priced) {
    if (row.amountMinor === null) {
      unpricedMinutes += row.minutes;
      continue;
    }
    const total = uninvoiced.get(row.currency) ?? { currency: row.currency, minutes: 0, amountMinor: 0 };
    total.minutes += row.minutes;
    total.amountMinor += row.amountMinor;
    uninvoiced.set(row.currency, total);
  }
  return {
    weeks,
    weeklyProjectHours,
    billable: {
      thisMonth: byMonth.get(thisMonth) ?? { month: thisMonth, minutes: 0, billableMinutes: 0 },
      lastMonth: byMonth.get(lastMonth) ?? { month: lastMonth, minutes: 0, billableMinutes: 0 },
    },
    uninvoiced: [...uninvoiced.values()],
    unpricedMinutes,
    budgets: budgets
      // The projects nearest (or past) their budget first: those are the ones to act on.
      .sort((a, b) => b.loggedMinutes / b.budgetMinutes - a.loggedMinutes / a.budgetMinutes),
  };
}
