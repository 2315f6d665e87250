import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { permissionRoles, rolesWith } from "~/kernel/permissions";
import { shiftDay, type Day } from "~/kernel/clock/weeks";
import { listProjectBudgets } from "~/kernel/catalog/budgets.server";
import { createNotification } from "../kernel/notifications/notifications.server";

/**
 * Reminders and alerts (issue 9), sent by jobs acting for one company at a time.
 *
 * Each send first inserts its key into reminders_sent, in the same transaction as
 * the notification (and the outbox row of its email): a second worker or a retry
 * with the same key waits on the first's insert and then inserts nothing, so it
 * sends nothing; a rolled-back send leaves no key behind. Preferences apply through
 * createNotification: a person who turned a kind's email off gets the in-app
 * notification only.
 */

type SentKind = "timesheet-reminder" | "timesheet-digest" | "budget-alert";

/** True when this call recorded the key; false when it was recorded before (sent already). */
async function claimSend(tx: TenantTransaction, kind: SentKind, subjectId: string, period: string): Promise<boolean> {
  const rows = await tx.query(sql`
    insert into reminders_sent (company_id, kind, subject_id, period)
    values (${tx.tenant.companyId}, ${kind}, ${subjectId}, ${period})
    on conflict do nothing
    returning subject_id`);
  return rows.length > 0;
}

// ------------------------------------------------------------------ missing time

/** Roles that log their own time: the ones reminded. */
const loggingRoles = permissionRoles["time:log"];

/**
 * Remind each active member whose timesheet for the week starting `period` isn't
 * submitted (or approved) and has a working day without time, from the week's
 * first day up to `lastDay`. Working days are Monday to Friday, as on the
 * dashboard (decision 015): no company setting says otherwise yet. A week in the
 * locked period can't be submitted, so nobody is reminded of it. Returns who was
 * reminded by this call.
 */
export async function sendMissingTimeReminders(
  tx: TenantTransaction,
  week: { period: Day; lastDay: Day },
): Promise<string[]> {
  const lastDay = week.lastDay < shiftDay(week.period, 6) ? week.lastDay : shiftDay(week.period, 6);
  const people = await tx.query<{ userId: string }>(sql`
    select m.user_id as "userId"
      from memberships m
      join companies c on c.id = m.company_id
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active' and m.role = any(${[...loggingRoles]}::text[])
       and (c.locked_until is null or c.locked_until < ${week.period}::date)
       and not exists (select 1 from timesheets s
                        where s.company_id = m.company_id and s.user_id = m.user_id and s.week_start = ${week.period}
                          and s.status in ('submitted', 'approved'))
       and exists (select 1 from generate_series(${week.period}::date, ${lastDay}::date, interval '1 day') as d(day)
                    where extract(isodow from d.day) < 6
                      and not exists (select 1 from time_entries e
                                       where e.company_id = m.company_id and e.user_id = m.user_id
                                         and e.work_date = d.day::date))
     order by m.user_id`);
  const reminded: string[] = [];
  for (const { userId } of people) {
    if (!(await claimSend(tx, "timesheet-reminder", userId, week.period))) continue;
    await createNotification(tx, {
      userId,
      kind: "timesheet-reminder",
      data: { weekStart: week.period },
    });
    reminded.push(userId);
  }
  return reminded;
}

// ------------------------------------------------------------------ managers' digest

/**
 * Send each team manager (an active owner, admin or manager flagged manager of a
 * live team, as approvals count them) the week's digest: the people of their teams
 * whose week starting `period` isn't submitted, and how many of their people's
 * timesheets wait for a decision. Nothing to say, nothing sent (and nothing
 * recorded, so a later run that week may still send). Returns who got one.
 */
export async function sendManagerDigests(tx: TenantTransaction, period: Day): Promise<string[]> {
  const digests = await tx.query<{ managerId: string; notSubmitted: string[]; waitingCount: number }>(sql`
    with teams_of as (
      select distinct mgr.user_id as manager_id, theirs.user_id as person_id
        from team_members mgr
        join teams t on t.company_id = mgr.company_id and t.id = mgr.team_id and t.archived_at is null
        join memberships mm on mm.company_id = mgr.company_id and mm.user_id = mgr.user_id
                           and mm.status = 'active' and mm.role = any(${rolesWith("timesheet:approve")}::text[])
        join team_members theirs on theirs.company_id = mgr.company_id and theirs.team_id = mgr.team_id
                                and theirs.user_id <> mgr.user_id
        join memberships pm on pm.company_id = theirs.company_id and pm.user_id = theirs.user_id and pm.status = 'active'
       where mgr.company_id = ${tx.tenant.companyId} and mgr.is_manager
    ), unsubmitted as (
      select o.manager_id, array_agg(coalesce(nullif(btrim(u.name), ''), u.email) order by lower(u.name), u.id) as names
        from teams_of o
        join users u on u.id = o.person_id
        left join timesheets s on s.company_id = ${tx.tenant.companyId} and s.user_id = o.person_id and s.week_start = ${period}
       where s.status is null or s.status not in ('submitted', 'approved')
       group by o.manager_id
    ), waiting as (
      select o.manager_id, count(*)::int as n
        from teams_of o
        join timesheets s on s.company_id = ${tx.tenant.companyId} and s.user_id = o.person_id and s.status = 'submitted'
       group by o.manager_id
    )
    select m.manager_id as "managerId", coalesce(un.names, '{}') as "notSubmitted", coalesce(w.n, 0) as "waitingCount"
      from (select distinct manager_id from teams_of) m
      left join unsubmitted un on un.manager_id = m.manager_id
      left join waiting w on w.manager_id = m.manager_id
     where un.names is not null or w.n > 0
     order by m.manager_id`);
  const sent: string[] = [];
  for (const digest of digests) {
    if (!(await claimSend(tx, "timesheet-digest", digest.managerId, period))) continue;
    await createNotification(tx, {
      userId: digest.managerId,
      kind: "timesheet-digest",
      data: {
        weekStart: period,
        notSubmitted: digest.notSubmitted,
        waitingCount: digest.waitingCount,
      },
    });
    sent.push(digest.managerId);
  }
  return sent;
}

// ------------------------------------------------------------------ budgets

export interface BudgetAlertSent {
  projectId: string;
  threshold: 80 | 100;
  recipients: string[];
}

/**
 * Alert when a live project's logged time (all time ever, as the dashboard counts
 * it) passes 80 % and 100 % of its budget, once per threshold. The alert goes to
 * the company's active owners and admins and to the project's managers: the
 * managers of the live teams it is assigned to, and managers assigned to it in
 * person. (A project open to everyone has no managers of its own.) The key holds
 * the budget it was measured against: raising a budget arms its alerts again. A
 * project that passed both thresholds since the last check gets one alert, for
 * 100 %, with both recorded.
 */
export async function sendBudgetAlerts(tx: TenantTransaction): Promise<BudgetAlertSent[]> {
  const passed = (await listProjectBudgets(tx)).filter((project) => project.level !== "ok");
  if (passed.length === 0) return [];
  const recipientsOf = await budgetAlertRecipients(tx, passed.map((project) => project.projectId));

  const sent: BudgetAlertSent[] = [];
  for (const project of passed) {
    const thresholds: (80 | 100)[] = project.level === "over" ? [80, 100] : [80];
    let newest: 80 | 100 | null = null;
    for (const threshold of thresholds) {
      if (await claimSend(tx, "budget-alert", project.projectId, `${threshold}%/${project.budgetMinutes}`)) newest = threshold;
    }
    if (newest === null) continue;
    const recipients = recipientsOf.get(project.projectId) ?? [];
    for (const userId of recipients) {
      await createNotification(tx, {
        userId,
        kind: "budget-alert",
        data: {
          projectName: project.projectName,
          clientName: project.clientName,
          threshold: newest,
          loggedMinutes: project.loggedMinutes,
          budgetMinutes: project.budgetMinutes,
          projectId: project.projectId,
        },
      });
    }
    sent.push({ projectId: project.projectId, threshold: newest, recipients });
  }
  return sent;
}

/** Each project's alert recipients, ordered by id: owners and admins, and the project's own managers. */
async function budgetAlertRecipients(tx: TenantTransaction, projectIds: string[]): Promise<Map<string, string[]>> {
  const rows = await tx.query<{ projectId: string; userIds: string[] }>(sql`
    with managers as (
      select pt.project_id, tm.user_id
        from project_teams pt
        join teams t on t.company_id = pt.company_id and t.id = pt.team_id and t.archived_at is null
        join team_members tm on tm.company_id = pt.company_id and tm.team_id = pt.team_id and tm.is_manager
       where pt.company_id = ${tx.tenant.companyId} and pt.project_id = any(${projectIds}::uuid[])
      union
      select pm.project_id, pm.user_id from project_members pm
       where pm.company_id = ${tx.tenant.companyId} and pm.project_id = any(${projectIds}::uuid[])
    )
    select p.id as "projectId", array_agg(distinct m.user_id order by m.user_id) as "userIds"
      from unnest(${projectIds}::uuid[]) as p(id)
      join memberships m on m.company_id = ${tx.tenant.companyId} and m.status = 'active'
       and (m.role = any(${rolesWith("project:manage")}::text[])
            or (m.role = any(${rolesWith("timesheet:approve")}::text[])
                and m.user_id in (select user_id from managers where project_id = p.id)))
     group by p.id`);
  return new Map(rows.map((row) => [row.projectId, row.userIds]));
}
