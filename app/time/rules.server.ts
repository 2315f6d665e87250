import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { maxMinutesPerDay } from "~/kernel/clock/duration";
import { todayIn, weekStartOf, shiftDay, type Day } from "~/kernel/clock/weeks";
import { clockColumns } from "~/kernel/company/clock.server";

/**
 * What decides whether a person may log time on a day, a project and a task: the
 * company's calendar and lock date, and the projects open to the person. Loaded in
 * two queries, then every check is in memory (a week's save checks dozens of cells).
 */
export interface CompanyCalendar {
  timezone: string;
  weekStart: number;
  lockedUntil: Day | null;
  currency: string;
}

export interface LoggableTask {
  id: string;
  name: string;
  billable: boolean;
}

export interface LoggableProject {
  id: string;
  name: string;
  code: string | null;
  color: string;
  billable: boolean;
  clientName: string | null;
  tasks: LoggableTask[];
}

export interface LoggingRules {
  calendar: CompanyCalendar;
  today: Day;
  /** The last day anyone may log time on: the end of the current week. */
  lastLoggableDay: Day;
  projects: Map<string, LoggableProject>;
}

export async function getCompanyCalendar(tx: TenantTransaction): Promise<CompanyCalendar> {
  const [calendar] = await tx.query<CompanyCalendar>(sql`
    select ${clockColumns}, locked_until as "lockedUntil", currency
      from companies where id = ${tx.tenant.companyId}`);
  if (!calendar) throw new Error("The company in context is not visible");
  return calendar;
}

/** Live projects (with their live tasks) the person may log time on. */
export function listLoggableProjects(tx: TenantTransaction, userId: string): Promise<LoggableProject[]> {
  return tx.query<LoggableProject>(sql`
    select p.id, p.name, p.code, p.color, p.billable, cl.name as "clientName",
           coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'billable', t.billable)
                                      order by lower(t.name))
                       from tasks t
                      where t.company_id = p.company_id and t.project_id = p.id and t.archived_at is null), '[]') as tasks
      from projects p
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
     where p.company_id = ${tx.tenant.companyId}
       and p.archived_at is null
       and p.id = any((select app_loggable_project_ids(${userId}))::uuid[])
     order by lower(coalesce(cl.name, '')), lower(p.name)`);
}

export async function loadLoggingRules(tx: TenantTransaction, userId: string, now = new Date()): Promise<LoggingRules> {
  const [calendar, projects] = await Promise.all([getCompanyCalendar(tx), listLoggableProjects(tx, userId)]);
  const today = todayIn(calendar.timezone, now);
  return {
    calendar,
    today,
    lastLoggableDay: shiftDay(weekStartOf(today, calendar.weekStart), 6),
    projects: new Map(projects.map((project) => [project.id, project])),
  };
}

export function isLockedDay(calendar: CompanyCalendar, day: Day): boolean {
  return calendar.lockedUntil !== null && day <= calendar.lockedUntil;
}

/** Why time can't be logged on this day, or null when it can. */
export function dayProblem(rules: LoggingRules, day: Day): string | null {
  if (day > rules.lastLoggableDay) return "Time can be logged up to the end of the current week";
  if (isLockedDay(rules.calendar, day)) return `Time up to ${rules.calendar.lockedUntil} is locked`;
  return null;
}

/** Why this project and task can't take time from the person, or null when they can. */
export function projectProblem(rules: LoggingRules, projectId: string, taskId: string | null): string | null {
  const project = rules.projects.get(projectId);
  if (!project) return "This project is archived or not open to you";
  if (taskId !== null && !project.tasks.some((task) => task.id === taskId)) return "This task is archived or not part of the project";
  return null;
}

/** Billable unless the project or the task is not. */
export function defaultBillable(rules: LoggingRules, projectId: string, taskId: string | null): boolean {
  const project = rules.projects.get(projectId);
  if (!project) return false;
  const task = project.tasks.find((candidate) => candidate.id === taskId);
  return project.billable && (task?.billable ?? true);
}

export function dayLimitProblem(totalMinutes: number): string | null {
  return totalMinutes > maxMinutesPerDay ? "This day would have more than 24 hours" : null;
}

/**
 * Close every day up to and including `day` (payroll close), or reopen all with
 * null. The companies audit trigger records who moved the date.
 */
export async function setLockedUntil(tx: TenantTransaction, day: Day | null): Promise<void> {
  await tx.query(sql`update companies set locked_until = ${day} where id = ${tx.tenant.companyId}`);
}

/** The lock date with the company's row locked for this transaction, so it can't move between reading and changing it. */
export async function lockCompanyCalendar(tx: TenantTransaction): Promise<Day | null> {
  const [company] = await tx.query<{ lockedUntil: Day | null }>(sql`
    select locked_until as "lockedUntil" from companies where id = ${tx.tenant.companyId} for update`);
  return company?.lockedUntil ?? null;
}
