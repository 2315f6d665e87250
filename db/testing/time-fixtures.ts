import { randomUUID } from "node:crypto";
import { sql } from "../sql";
import type { Database } from "../types";

/**
 * Time-tracking test data written by the owner connection, around RLS. The
 * triggers of migration 0006 still run; with no tenant context set they treat the
 * writer as nobody in particular, so only the status and lock rules apply.
 */
export async function createClient(
  db: Database,
  companyId: string,
  options: { name?: string; currency?: string; hourlyRateMinor?: number | null } = {},
): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`
    insert into clients (company_id, name, currency, hourly_rate_minor)
    values (${companyId}, ${options.name ?? `Client ${randomUUID()}`}, ${options.currency ?? "EUR"},
            ${options.hourlyRateMinor ?? null})
    returning id`);
  return row!.id;
}

export async function createProject(
  db: Database,
  companyId: string,
  options: {
    name?: string;
    clientId?: string | null;
    billable?: boolean;
    hourlyRateMinor?: number | null;
    access?: "everyone" | "assigned";
    archived?: boolean;
  } = {},
): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`
    insert into projects (company_id, name, client_id, billable, hourly_rate_minor, access, archived_at)
    values (${companyId}, ${options.name ?? `Project ${randomUUID()}`}, ${options.clientId ?? null},
            ${options.billable ?? true}, ${options.hourlyRateMinor ?? null}, ${options.access ?? "everyone"},
            ${options.archived ? sql`now()` : null})
    returning id`);
  return row!.id;
}

export async function createTask(
  db: Database,
  companyId: string,
  projectId: string,
  options: { name?: string; billable?: boolean; archived?: boolean } = {},
): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`
    insert into tasks (company_id, project_id, name, billable, archived_at)
    values (${companyId}, ${projectId}, ${options.name ?? `Task ${randomUUID()}`}, ${options.billable ?? true},
            ${options.archived ? sql`now()` : null})
    returning id`);
  return row!.id;
}

export async function createTeam(db: Database, companyId: string, options: { archived?: boolean } = {}): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`
    insert into teams (company_id, name, archived_at)
    values (${companyId}, ${`Team ${randomUUID()}`}, ${options.archived ? sql`now()` : null})
    returning id`);
  return row!.id;
}

export async function addToTeam(
  db: Database,
  companyId: string,
  teamId: string,
  userId: string,
  options: { manager?: boolean } = {},
): Promise<void> {
  await db.query(sql`
    insert into team_members (company_id, team_id, user_id, is_manager)
    values (${companyId}, ${teamId}, ${userId}, ${options.manager ?? false})`);
}

/** Open an 'assigned' project to one person or to a team. */
export async function assignToProject(
  db: Database,
  companyId: string,
  projectId: string,
  to: { userId: string } | { teamId: string },
): Promise<void> {
  if ("userId" in to) {
    await db.query(sql`insert into project_members (company_id, project_id, user_id) values (${companyId}, ${projectId}, ${to.userId})`);
  } else {
    await db.query(sql`insert into project_teams (company_id, project_id, team_id) values (${companyId}, ${projectId}, ${to.teamId})`);
  }
}

/** The person's timesheet for the week holding `day` (in the company's week), made as a draft if needed. */
export async function timesheetFor(db: Database, companyId: string, userId: string, day: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`
    insert into timesheets (company_id, user_id, week_start)
    select ${companyId}, ${userId}, week_start_of(${day}::date, c.week_start) from companies c where c.id = ${companyId}
    on conflict (company_id, user_id, week_start) do update set week_start = excluded.week_start
    returning id`);
  return row!.id;
}

export async function createEntry(
  db: Database,
  entry: { companyId: string; userId: string; projectId: string; day: string; minutes: number; taskId?: string | null; billable?: boolean },
): Promise<{ id: string; timesheetId: string }> {
  const timesheetId = await timesheetFor(db, entry.companyId, entry.userId, entry.day);
  const [row] = await db.query<{ id: string }>(sql`
    insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, billable)
    values (${entry.companyId}, ${entry.userId}, ${timesheetId}, ${entry.projectId}, ${entry.taskId ?? null}, ${entry.day},
            ${entry.minutes}, ${entry.billable ?? true})
    returning id`);
  return { id: row!.id, timesheetId };
}

/**
 * Move a draft timesheet to a status the way the approval flow would, through the
 * transitions the trigger allows (it runs without a tenant context here).
 */
export async function setTimesheetStatus(
  db: Database,
  timesheetId: string,
  status: "draft" | "submitted" | "approved" | "rejected",
): Promise<void> {
  const path: Record<typeof status, string[]> = {
    draft: [],
    submitted: ["submitted"],
    approved: ["submitted", "approved"],
    rejected: ["submitted", "rejected"],
  };
  // Deciding needs an approver in context; an owner role with no user is one for anybody.
  await db.transaction(async (tx) => {
    await tx.query(sql`select set_config('app.role', 'owner', true)`);
    for (const next of path[status]) {
      await tx.query(sql`
        update timesheets set status = ${next}, comment = ${next === "rejected" ? "Please fix Tuesday" : null}
         where id = ${timesheetId}`);
    }
  });
}

export async function lockUntil(db: Database, companyId: string, day: string | null): Promise<void> {
  await db.query(sql`update companies set locked_until = ${day} where id = ${companyId}`);
}
