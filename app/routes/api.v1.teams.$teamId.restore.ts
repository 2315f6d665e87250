import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { etagOf, lockedTeamTag, teamJson } from "~/api/teams.server";
import { restoreTeamOperation } from "~/kernel/teams/operations.server";
import { getTeam } from "~/kernel/teams/teams.server";
import { apiChange, methodNotAllowed, jsonResponse } from "~/routing/api.server";

/** POST /api/v1/teams/{teamId}/restore: the team as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.restoreTeam, {
    operation: restoreTeamOperation,
    currentTag: (tx, input) => lockedTeamTag(tx, input.teamId),
    respond: async ({ id }, { member }) => {
      const team = await args.context.withTenant(member.tenant, (tx) => getTeam(tx, id));
      const body = teamJson(team!);
      return jsonResponse(body, { headers: { ETag: etagOf(body) } });
    },
  });
}

export const loader = () => methodNotAllowed(["POST"]);
