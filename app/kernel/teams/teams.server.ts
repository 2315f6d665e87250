import { isUniqueViolation } from "../../../db/errors";
import { attempt } from "../../../db/savepoint";
import { auditedAs } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { MemberRole, TenantTransaction } from "../../../db/tenant";

export interface TeamSummary {
  id: string;
  name: string;
  archivedAt: Date | null;
  memberCount: number;
  managers: string[];
}

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  isManager: boolean;
}

export type TeamNameResult = { ok: true; id: string } | { ok: false; field: "name"; message: string };

const nameTaken = { ok: false, field: "name", message: "Another team already has this name" } as const;

export function listTeams(tx: TenantTransaction, options: { archived?: boolean } = {}): Promise<TeamSummary[]> {
  return tx.query<TeamSummary>(sql`
    select t.id, t.name, t.archived_at as "archivedAt",
           (select count(*)::int from team_members tm where tm.company_id = t.company_id and tm.team_id = t.id) as "memberCount",
           coalesce(array(
             select u.name from team_members tm join users u on u.id = tm.user_id
              where tm.company_id = t.company_id and tm.team_id = t.id and tm.is_manager
              order by lower(u.name)
           ), '{}') as managers
      from teams t
     where t.company_id = ${tx.tenant.companyId}
       and (t.archived_at is not null) = ${options.archived ?? false}
     order by lower(t.name)`);
}

export async function getTeam(
  tx: TenantTransaction,
  teamId: string,
): Promise<{ id: string; name: string; archivedAt: Date | null; members: TeamMember[] } | null> {
  const [team] = await tx.query<{ id: string; name: string; archivedAt: Date | null }>(sql`
    select id, name, archived_at as "archivedAt" from teams where company_id = ${tx.tenant.companyId} and id = ${teamId}`);
  if (!team) return null;
  const members = await tx.query<TeamMember>(sql`
    select tm.user_id as "userId", u.name, u.email, m.role, tm.is_manager as "isManager"
      from team_members tm
      join memberships m on m.company_id = tm.company_id and m.user_id = tm.user_id
      join users u on u.id = tm.user_id
     where tm.company_id = ${tx.tenant.companyId} and tm.team_id = ${teamId}
     order by tm.is_manager desc, lower(u.name)`);
  return { ...team, members };
}

async function withUniqueName(
  tx: TenantTransaction,
  work: (tx: TenantTransaction) => Promise<string | null>,
): Promise<TeamNameResult | null> {
  const result = await attempt(tx, work);
  if (result.ok) return result.value ? { ok: true, id: result.value } : null;
  if (isUniqueViolation(result.error, "teams_live_name_key")) return nameTaken;
  throw result.error;
}

export async function createTeam(tx: TenantTransaction, name: string): Promise<TeamNameResult> {
  const result = await withUniqueName(tx, async (inner) => {
    const [row] = await inner.query<{ id: string }>(sql`
      insert into teams (company_id, name) values (${tx.tenant.companyId}, ${name}) returning id`);
    return row?.id ?? null;
  });
  return result ?? nameTaken;
}

/** null when the team doesn't exist in this company. */
export function renameTeam(tx: TenantTransaction, teamId: string, name: string): Promise<TeamNameResult | null> {
  return withUniqueName(tx, async (inner) => {
    const [row] = await inner.query<{ id: string }>(sql`
      update teams set name = ${name} where company_id = ${tx.tenant.companyId} and id = ${teamId} returning id`);
    return row?.id ?? null;
  });
}

/** Archived teams keep their members (history) but no longer grant a manager authority. */
export function setTeamArchived(tx: TenantTransaction, teamId: string, archived: boolean): Promise<TeamNameResult | null> {
  return withUniqueName(tx, async (inner) => {
    const [row] = await auditedAs(inner, archived ? "team.archive" : "team.restore", (audited) =>
      audited.query<{ id: string }>(sql`
        update teams set archived_at = ${archived ? sql`now()` : null}
         where company_id = ${tx.tenant.companyId} and id = ${teamId} returning id`),
    );
    return row?.id ?? null;
  });
}

/** Add a member (or change whether they manage the team). False if the person isn't a member. */
export async function putTeamMember(
  tx: TenantTransaction,
  teamId: string,
  userId: string,
  isManager: boolean,
): Promise<boolean> {
  const rows = await tx.query(sql`
    insert into team_members (company_id, team_id, user_id, is_manager)
    select ${tx.tenant.companyId}, t.id, m.user_id, ${isManager}
      from teams t join memberships m on m.company_id = t.company_id
     where t.company_id = ${tx.tenant.companyId} and t.id = ${teamId} and m.user_id = ${userId}
    on conflict (company_id, team_id, user_id) do update set is_manager = excluded.is_manager
    returning 1`);
  return rows.length > 0;
}

export async function removeTeamMember(tx: TenantTransaction, teamId: string, userId: string): Promise<boolean> {
  const rows = await tx.query(sql`
    delete from team_members where company_id = ${tx.tenant.companyId} and team_id = ${teamId} and user_id = ${userId}
    returning 1`);
  return rows.length > 0;
}

/** Active members not yet in the team, for the "add member" picker. */
export function listMembersOutsideTeam(
  tx: TenantTransaction,
  teamId: string,
): Promise<{ userId: string; name: string; email: string }[]> {
  return tx.query(sql`
    select m.user_id as "userId", u.name, u.email
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.status = 'active'
       and not exists (select 1 from team_members tm
                        where tm.company_id = m.company_id and tm.team_id = ${teamId} and tm.user_id = m.user_id)
     order by lower(u.name)`);
}

export interface TeamPageRow {
  id: string;
  name: string;
  archivedAt: Date | null;
  createdAt: Date;
  memberCount: number;
  /** created_at as Postgres prints it, to the microsecond: where the next page starts. */
  position: string;
}

/**
 * Teams in the order they were made, from just after a position: keyset pagination,
 * so a team made meanwhile lands at the end and no page repeats or skips one.
 * The position goes in as text: sent as a timestamp, postgres.js would pass it
 * through a JavaScript Date and drop the microseconds, and the page's last row
 * would come round again.
 */
export function listTeamsAfter(
  tx: TenantTransaction,
  options: { after: { position: string; id: string } | null; limit: number; archived?: boolean },
): Promise<TeamPageRow[]> {
  return tx.query<TeamPageRow>(sql`
    select t.id, t.name, t.archived_at as "archivedAt", t.created_at as "createdAt", t.created_at::text as position,
           (select count(*)::int from team_members tm where tm.company_id = t.company_id and tm.team_id = t.id) as "memberCount"
      from teams t
     where t.company_id = ${tx.tenant.companyId}
       ${options.archived === undefined ? sql`` : sql`and (t.archived_at is not null) = ${options.archived}`}
       ${options.after ? sql`and (t.created_at, t.id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by t.created_at, t.id
     limit ${options.limit}`);
}

/** Locks the team's row until the transaction ends, so a checked precondition still holds when the change is made. */
export async function lockTeam(tx: TenantTransaction, teamId: string): Promise<boolean> {
  const rows = await tx.query(sql`select 1 from teams where company_id = ${tx.tenant.companyId} and id = ${teamId} for update`);
  return rows.length > 0;
}
