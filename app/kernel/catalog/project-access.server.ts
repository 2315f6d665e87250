import { sql, type SqlFragment } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";

/**
 * Who may log time on a project whose access is 'assigned': people named on it, and
 * everyone in a live team named on it (app_may_log_on in migration 0006 decides).
 */
export interface ProjectAssignments {
  members: { userId: string; name: string; email: string }[];
  teams: { teamId: string; name: string; memberCount: number }[];
}

export async function getAssignments(tx: TenantTransaction, projectId: string): Promise<ProjectAssignments> {
  const members = await tx.query<ProjectAssignments["members"][number]>(sql`
    select pm.user_id as "userId", u.name, u.email
      from project_members pm join users u on u.id = pm.user_id
     where pm.company_id = ${tx.tenant.companyId} and pm.project_id = ${projectId}
     order by lower(u.name), pm.user_id`);
  const teams = await tx.query<ProjectAssignments["teams"][number]>(sql`
    select pt.team_id as "teamId", t.name,
           (select count(*)::int from team_members tm where tm.company_id = t.company_id and tm.team_id = t.id) as "memberCount"
      from project_teams pt join teams t on t.company_id = pt.company_id and t.id = pt.team_id
     where pt.company_id = ${tx.tenant.companyId} and pt.project_id = ${projectId}
     order by lower(t.name), pt.team_id`);
  return { members, teams };
}

/** Active members and live teams not yet assigned, for the pickers. */
export async function listAssignable(
  tx: TenantTransaction,
  projectId: string,
): Promise<{
  members: { userId: string; name: string; email: string }[];
  teams: { teamId: string; name: string }[];
}> {
  const members = await tx.query<{ userId: string; name: string; email: string }>(sql`
    select m.user_id as "userId", u.name, u.email
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active'
       and not exists (select 1 from project_members pm
                        where pm.company_id = m.company_id and pm.project_id = ${projectId} and pm.user_id = m.user_id)
     order by lower(u.name), m.user_id`);
  const teams = await tx.query<{ teamId: string; name: string }>(sql`
    select t.id as "teamId", t.name
      from teams t
     where t.company_id = ${tx.tenant.companyId} and t.archived_at is null
       and not exists (select 1 from project_teams pt
                        where pt.company_id = t.company_id and pt.project_id = ${projectId} and pt.team_id = t.id)
     order by lower(t.name), t.id`);
  return { members, teams };
}

export type Assignee = "member" | "team";

// Where each kind of assignee is kept, and which of them can be assigned: active
// members and live teams of the project's company.
const assignees = {
  member: {
    table: sql`project_members`,
    column: sql`user_id`,
    source: sql`memberships s`,
    key: sql`s.user_id`,
    live: sql`s.status = 'active'`,
  },
  team: { table: sql`project_teams`, column: sql`team_id`, source: sql`teams s`, key: sql`s.id`, live: sql`s.archived_at is null` },
} satisfies Record<Assignee, Record<string, SqlFragment>>;

/**
 * False when the project or the assignee isn't in this company. Assigning twice is
 * harmless: the answer is whether the pair exists, inserted now or before. (The app
 * role may not update these tables, so "on conflict do update" isn't an option.)
 */
export async function assign(tx: TenantTransaction, projectId: string, kind: Assignee, id: string): Promise<boolean> {
  const { table, column, source, key, live } = assignees[kind];
  const rows = await tx.query(sql`
    with candidate as (
      select p.company_id, p.id as project_id, ${key} as assignee
        from projects p join ${source} on s.company_id = p.company_id
       where p.company_id = ${tx.tenant.companyId} and p.id = ${projectId} and ${key} = ${id} and ${live}
    ), inserted as (
      insert into ${table} (company_id, project_id, ${column}) select * from candidate on conflict do nothing
    )
    select 1 from candidate`);
  return rows.length > 0;
}

export async function unassign(tx: TenantTransaction, projectId: string, kind: Assignee, id: string): Promise<boolean> {
  const { table, column } = assignees[kind];
  const rows = await tx.query(sql`
    delete from ${table} where company_id = ${tx.tenant.companyId} and project_id = ${projectId} and ${column} = ${id}
    returning 1`);
  return rows.length > 0;
}
