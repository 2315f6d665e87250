import { isLockedState } from "../../db/errors";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import { memberRoles, type TenantTransaction } from "../../db/tenant";
import {
  allowedActions,
  mayMove,
  timesheetMoves,
  timesheetPastTense,
  transition,
  type TimesheetAction,
} from "./timesheet-states";
import { todayIn, weekDays, weekStartOf, type Day } from "~/kernel/clock/weeks";
import { approvesEveryone, rolesWith } from "~/kernel/permissions";
import { createNotification } from "../kernel/notifications/notifications.server";
import { entryColumns, entryJoins, type TimeEntry, type TimesheetStatus } from "./entries.server";
import { sendBackCommentMessage } from "./inputs";
import { getCompanyCalendar, isLockedDay } from "./rules.server";

// The status machine (who may move a week where) is declared once in ~/time/timesheet-states.
export { allowedActions, type Actor, type TimesheetAction } from "./timesheet-states";

interface TimesheetFacts {
  id: string;
  userId: string;
  personName: string;
  weekStart: Day;
  status: TimesheetStatus;
  managesPerson: boolean;
  totalMinutes: number;
}

async function timesheetFacts(tx: TenantTransaction, ids: string[]): Promise<TimesheetFacts[]> {
  if (ids.length === 0) return [];
  return tx.query<TimesheetFacts>(sql`
    select s.id, s.user_id as "userId", u.name as "personName", s.week_start as "weekStart", s.status,
           app_manages_user(s.user_id) as "managesPerson",
           (select coalesce(sum(e.minutes), 0)::int from time_entries e
             where e.company_id = s.company_id and e.timesheet_id = s.id) as "totalMinutes"
      from timesheets s
      join users u on u.id = s.user_id
     where s.company_id = ${tx.tenant.companyId} and s.id = any(${ids}::uuid[])
     order by s.week_start, lower(u.name)`);
}

const approverOfEveryoneRoles = () => memberRoles.filter((role) => approvesEveryone(role));

/** The people to ask: managers of the person's live teams, else the company's owners and admins. */
async function approversOf(tx: TenantTransaction, userId: string): Promise<string[]> {
  const rows = await tx.query<{ userId: string }>(sql`
    with managers as (
      select distinct mgr.user_id
        from team_members mine
        join teams t on t.company_id = mine.company_id and t.id = mine.team_id and t.archived_at is null
        join team_members mgr on mgr.company_id = mine.company_id and mgr.team_id = mine.team_id and mgr.is_manager
        -- A team's manager flag gives approval only with a role that can approve (see app_manages_user).
        join memberships m on m.company_id = mgr.company_id and m.user_id = mgr.user_id and m.status = 'active'
                          and m.role = any(${rolesWith("timesheet:approve")}::text[])
       where mine.company_id = ${tx.tenant.companyId} and mine.user_id = ${userId} and mgr.user_id <> ${userId}
    )
    select user_id as "userId" from managers
    union
    select m.user_id from memberships m
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active' and m.role = any(${approverOfEveryoneRoles()}::text[])
       and m.user_id <> ${userId} and not exists (select 1 from managers)`);
  return rows.map((row) => row.userId);
}

/**
 * Why a move was refused, as the operations answer it: 409 when the week's status
 * doesn't allow it (or a decision lacks its comment), 403 when the week may move but
 * not by this member (a manager's own week), 422 when a rule closes the week (locked,
 * not started yet).
 */
export type TransitionResult = { ok: true; count: number } | { ok: false; status: 403 | 409 | 422; message: string };

/**
 * Move one or many timesheets with the same action, all or none: when any of them
 * can't move (a status changed meanwhile, a locked week), nothing changes and the
 * message says which. Each move notifies whoever it concerns.
 */
export async function transitionTimesheets(
  tx: TenantTransaction,
  input: { ids: string[]; action: TimesheetAction; comment?: string | null },
  now = new Date(),
): Promise<TransitionResult | null> {
  const ids = [...new Set(input.ids)];
  const sheets = await timesheetFacts(tx, ids);
  if (sheets.length !== ids.length) return null;
  const comment = input.comment?.trim() || null;
  if (input.action === "reject" && !comment) return { ok: false, status: 409, message: sendBackCommentMessage };

  const calendar = await getCompanyCalendar(tx);
  const currentWeek = weekStartOf(todayIn(calendar.timezone, now), calendar.weekStart);
  for (const sheet of sheets) {
    const actor = { role: tx.tenant.role, isOwn: sheet.userId === tx.tenant.userId, managesPerson: sheet.managesPerson };
    const label = `${sheet.personName}'s week of ${sheet.weekStart}`;
    if (!allowedActions(sheet.status, actor).includes(input.action)) {
      const status = transition(sheet.status, input.action).ok && !mayMove(input.action, actor) ? 403 : 409;
      return { ok: false, status, message: `${label} is ${sheet.status} and can't be ${timesheetPastTense[input.action]} by you` };
    }
    if (timesheetMoves[input.action].closedByLock && isLockedDay(calendar, sheet.weekStart)) {
      return { ok: false, status: 422, message: `${label} is in a locked period` };
    }
    if (input.action === "submit" && sheet.weekStart > currentWeek) {
      return { ok: false, status: 422, message: `${label} hasn't started yet` };
    }
  }

  // Read once for all the sheets a decision covers.
  const deciderName = input.action === "approve" || input.action === "reject" ? await actorName(tx) : "";
  const moved = await attempt(tx, async (inner) => {
    for (const sheet of sheets) {
      const moved = transition(sheet.status, input.action);
      if (!moved.ok) throw new Error(`${input.action} was allowed on a ${sheet.status} week`);
      // Steps before the last (a sent-back week back to draft) keep the comment; the last sets it.
      for (const step of moved.steps.slice(0, -1)) {
        await inner.query(sql`update timesheets set status = ${step} where company_id = ${inner.tenant.companyId} and id = ${sheet.id}`);
      }
      await inner.query(sql`
        update timesheets set status = ${moved.to}, comment = ${input.action === "reject" ? comment : null}
         where company_id = ${inner.tenant.companyId} and id = ${sheet.id}`);
      await notify(inner, sheet, { action: input.action, comment, deciderName });
    }
  });
  if (!moved.ok) {
    if (isLockedState(moved.error)) return { ok: false, status: 409, message: "A week changed meanwhile or is locked. Reload and try again." };
    throw moved.error;
  }
  return { ok: true, count: sheets.length };
}

async function actorName(tx: TenantTransaction): Promise<string> {
  const [me] = await tx.query<{ name: string }>(sql`select name from users where id = ${tx.tenant.userId}`);
  return me?.name ?? "Someone";
}

async function notify(
  tx: TenantTransaction,
  sheet: TimesheetFacts,
  { action, comment, deciderName }: { action: TimesheetAction; comment: string | null; deciderName: string },
): Promise<void> {
  switch (action) {
    case "submit":
      for (const approver of await approversOf(tx, sheet.userId)) {
        await createNotification(tx, {
          userId: approver,
          kind: "timesheet-submitted",
          data: {
            submitterName: sheet.personName,
            weekStart: sheet.weekStart,
            totalMinutes: sheet.totalMinutes,
          },
        });
      }
      return;
    case "approve":
      if (sheet.userId === tx.tenant.userId) return;
      await createNotification(tx, {
        userId: sheet.userId,
        kind: "timesheet-approved",
        data: { approverName: deciderName, weekStart: sheet.weekStart, totalMinutes: sheet.totalMinutes },
      });
      return;
    case "reject":
      await createNotification(tx, {
        userId: sheet.userId,
        kind: "timesheet-sent-back",
        data: { reviewerName: deciderName, weekStart: sheet.weekStart, comment: comment ?? "" },
      });
      return;
    case "withdraw":
    case "reopen":
      return;
  }
}

/** The person's timesheet for a week, made as a draft when it doesn't exist yet (to submit an empty week). */
export async function ensureTimesheet(tx: TenantTransaction, userId: string, weekStart: Day): Promise<string> {
  await tx.query(sql`
    insert into timesheets (company_id, user_id, week_start) values (${tx.tenant.companyId}, ${userId}, ${weekStart})
    on conflict (company_id, user_id, week_start) do nothing`);
  const [sheet] = await tx.query<{ id: string }>(sql`
    select id from timesheets where company_id = ${tx.tenant.companyId} and user_id = ${userId} and week_start = ${weekStart}`);
  if (!sheet) throw new Error("The timesheet just made is not visible");
  return sheet.id;
}

// ----------------------------------------------------------------- the approvals page

export interface WaitingTimesheet {
  id: string;
  userId: string;
  personName: string;
  weekStart: Day;
  submittedAt: Date;
  totalMinutes: number;
  billableMinutes: number;
  teams: string[];
}

export const approvalsPageSize = 50;

/**
 * The weeks waiting for the member's decision (`s` is timesheets): everyone's
 * submitted weeks for those who approve everyone, else those of the people of the
 * teams they manage, never their own. The approvals page and the API's
 * `view=to-approve` list exactly these.
 */
const waitingForTheMember = sql`s.status = 'submitted'
  and ((select app_approves_everyone())
       or (s.user_id <> app_user_id() and s.user_id = any((select app_managed_user_ids())::uuid[])))`;

/**
 * Submitted timesheets the member may decide, oldest week first, optionally for one
 * team or week. One query for the page, whatever its length.
 */
export async function listWaitingTimesheets(
  tx: TenantTransaction,
  filter: { teamId?: string | null; weekStart?: Day | null; page?: number },
): Promise<{ sheets: WaitingTimesheet[]; hasMore: boolean }> {
  const page = Math.max(1, filter.page ?? 1);
  // The page is cut first, so totals and teams are read for its rows only.
  const rows = await tx.query<WaitingTimesheet>(sql`
    with waiting as (
      select s.company_id, s.id, s.user_id, u.name, s.week_start, s.submitted_at
        from timesheets s
        join users u on u.id = s.user_id
       where s.company_id = ${tx.tenant.companyId} and ${waitingForTheMember}
         and (${filter.weekStart ?? null}::date is null or s.week_start = ${filter.weekStart ?? null}::date)
         and (${filter.teamId ?? null}::uuid is null or exists (
               select 1 from team_members tm
                where tm.company_id = s.company_id and tm.team_id = ${filter.teamId ?? null}::uuid and tm.user_id = s.user_id))
       order by s.week_start, lower(u.name), s.id
       limit ${approvalsPageSize + 1} offset ${(page - 1) * approvalsPageSize}
    )
    select w.id, w.user_id as "userId", w.name as "personName", w.week_start as "weekStart", w.submitted_at as "submittedAt",
           coalesce(totals.minutes, 0)::int as "totalMinutes", coalesce(totals.billable, 0)::int as "billableMinutes",
           coalesce(array(
             select t.name from team_members tm
               join teams t on t.company_id = tm.company_id and t.id = tm.team_id and t.archived_at is null
              where tm.company_id = w.company_id and tm.user_id = w.user_id order by lower(t.name)
           ), '{}') as teams
      from waiting w
      left join lateral (
        select sum(e.minutes) as minutes, sum(e.minutes) filter (where e.billable) as billable
          from time_entries e where e.company_id = w.company_id and e.timesheet_id = w.id
      ) totals on true
     order by w.week_start, lower(w.name), w.id`);
  return { sheets: rows.slice(0, approvalsPageSize), hasMore: rows.length > approvalsPageSize };
}

/** The entries behind several timesheets, in one query, keyed by timesheet. */
export async function entriesOfTimesheets(tx: TenantTransaction, ids: string[]): Promise<Map<string, TimeEntry[]>> {
  const byTimesheet = new Map<string, TimeEntry[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byTimesheet;
  const rows = await tx.query<TimeEntry & { timesheetId: string }>(sql`
    select e.timesheet_id as "timesheetId", ${entryColumns}
      from time_entries e ${entryJoins}
     where e.company_id = ${tx.tenant.companyId} and e.timesheet_id = any(${ids}::uuid[])
     order by e.work_date, lower(p.name), e.created_at`);
  for (const { timesheetId, ...entry } of rows) byTimesheet.get(timesheetId)?.push(entry);
  return byTimesheet;
}

/** A person's recent timesheets with their status, newest first, for the week page. */
export function recentTimesheets(tx: TenantTransaction, userId: string, limit = 6) {
  return tx.query<{ id: string; weekStart: Day; status: TimesheetStatus; totalMinutes: number }>(sql`
    select s.id, s.week_start as "weekStart", s.status,
           (select coalesce(sum(e.minutes), 0)::int from time_entries e
             where e.company_id = s.company_id and e.timesheet_id = s.id) as "totalMinutes"
      from timesheets s
     where s.company_id = ${tx.tenant.companyId} and s.user_id = ${userId}
     order by s.week_start desc
     limit ${limit}`);
}

// ----------------------------------------------------------------- timesheets one by one (the API)

/** A timesheet with who it is for, who decided it and its totals; `position` orders a list (its week, then id). */
export interface TimesheetRow {
  id: string;
  userId: string;
  personName: string;
  weekStart: Day;
  status: TimesheetStatus;
  comment: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  totalMinutes: number;
  billableMinutes: number;
  /** The member manages a team the person is in (for the actions they may take). */
  managesPerson: boolean;
  position: string;
}

// The cursor's position is a timestamp's text: a week is its first day at midnight, read back as that day.
const timesheetColumns = sql`
  s.id, s.user_id as "userId", u.name as "personName", s.week_start as "weekStart", s.status, s.comment,
  s.submitted_at as "submittedAt", s.decided_at as "decidedAt", s.decided_by as "decidedBy",
  coalesce((select sum(e.minutes) from time_entries e where e.company_id = s.company_id and e.timesheet_id = s.id), 0)::int as "totalMinutes",
  coalesce((select sum(e.minutes) from time_entries e
             where e.company_id = s.company_id and e.timesheet_id = s.id and e.billable), 0)::int as "billableMinutes",
  app_manages_user(s.user_id) as "managesPerson",
  to_char(s.week_start, 'YYYY-MM-DD') || ' 00:00:00+00' as position`;

export interface TimesheetFilter {
  /** Only the weeks waiting for the member's decision (the approvals page's); else every week the member may see. */
  waitingForMe: boolean;
  userId: string | null;
  status: TimesheetStatus | null;
  weekFrom: Day | null;
  weekTo: Day | null;
  after: { position: string; id: string } | null;
  limit: number;
}

/**
 * Timesheets oldest week first, a page at a time after a cursor. Row-level security
 * keeps to the weeks the member may see: their own, their managed teams' people's,
 * everyone's with time:view-all.
 */
export function listTimesheetsAfter(tx: TenantTransaction, filter: TimesheetFilter): Promise<TimesheetRow[]> {
  const after = filter.after;
  return tx.query<TimesheetRow>(sql`
    select ${timesheetColumns}
      from timesheets s
      join users u on u.id = s.user_id
     where s.company_id = ${tx.tenant.companyId}
       and (${!filter.waitingForMe}::boolean or (${waitingForTheMember}))
       and (${filter.userId}::uuid is null or s.user_id = ${filter.userId}::uuid)
       and (${filter.status}::text is null or s.status = ${filter.status}::text)
       and (${filter.weekFrom}::date is null or s.week_start >= ${filter.weekFrom}::date)
       and (${filter.weekTo}::date is null or s.week_start <= ${filter.weekTo}::date)
       and (${after?.position ?? null}::timestamp is null
            or (s.week_start, s.id) > (${after?.position ?? null}::timestamp::date, ${after?.id ?? null}::uuid))
     order by s.week_start, s.id
     limit ${filter.limit}`);
}

export interface TimesheetDetail extends TimesheetRow {
  days: { date: Day; minutes: number }[];
}

/** One timesheet the member may see, with its minutes day by day; null for any other id. */
export async function getTimesheetById(tx: TenantTransaction, id: string): Promise<TimesheetDetail | null> {
  const [sheet] = await tx.query<TimesheetRow>(sql`
    select ${timesheetColumns}
      from timesheets s
      join users u on u.id = s.user_id
     where s.company_id = ${tx.tenant.companyId} and s.id = ${id}`);
  if (!sheet) return null;
  const logged = await tx.query<{ day: Day; minutes: number }>(sql`
    select e.work_date as day, sum(e.minutes)::int as minutes
      from time_entries e
     where e.company_id = ${tx.tenant.companyId} and e.timesheet_id = ${id}
     group by e.work_date`);
  const byDay = new Map(logged.map((row) => [row.day, row.minutes]));
  return { ...sheet, days: weekDays(sheet.weekStart).map((date) => ({ date, minutes: byDay.get(date) ?? 0 })) };
}

/** Locks a timesheet's row for this transaction, so it can't move between reading it and changing it; false when it isn't there. */
export async function lockTimesheet(tx: TenantTransaction, id: string): Promise<boolean> {
  const rows = await tx.query(sql`select 1 from timesheets where company_id = ${tx.tenant.companyId} and id = ${id} for update`);
  return rows.length > 0;
}

/** The id of a person's timesheet for a week, or null when the week has none. */
export async function timesheetIdOf(tx: TenantTransaction, userId: string, weekStart: Day): Promise<string | null> {
  const [sheet] = await tx.query<{ id: string }>(sql`
    select id from timesheets where company_id = ${tx.tenant.companyId} and user_id = ${userId} and week_start = ${weekStart}`);
  return sheet?.id ?? null;
}
