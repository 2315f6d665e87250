import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { getTeam, lockTeam, type TeamPageRow } from "~/kernel/teams/teams.server";
import type { Member } from "~/kernel/accounts/session.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { teamSchema, teamSummarySchema } from "./schemas";
import { etagOf, tagged, type AnswerInit } from "../etag";

/** A team as the API shows it in a list. */
export function teamSummaryJson(row: TeamPageRow): z.output<typeof teamSummarySchema> {
  return {
    id: row.id,
    name: row.name,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    memberCount: row.memberCount,
  };
}

type TeamDetail = NonNullable<Awaited<ReturnType<typeof getTeam>>>;

/** A team on its own, with its members. */
export function teamJson(team: TeamDetail): z.output<typeof teamSchema> {
  return {
    id: team.id,
    name: team.name,
    archivedAt: team.archivedAt?.toISOString() ?? null,
    members: team.members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role, isManager: m.isManager })),
  };
}

/** The team's current ETag with its row locked, for If-Match; null when there is no such team. */
export async function lockedTeamTag(tx: TenantTransaction, teamId: string): Promise<string | null> {
  if (!(await lockTeam(tx, teamId))) return null;
  const team = await getTeam(tx, teamId);
  return team ? etagOf(teamJson(team)) : null;
}

/** A change's answer: the team as it now is, with its ETag (and whatever the change adds, such as a 201's Location). */
export async function teamAnswer(
  context: AppLoadContext,
  member: Member,
  teamId: string,
  init: AnswerInit = {},
): Promise<Response> {
  const team = await context.withTenant(member.tenant, (tx) => getTeam(tx, teamId));
  const body = teamJson(team!);
  return tagged(body, init);
}
