import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { lockedTeamTag, teamAnswer } from "~/api/teams/answers.server";
import { restoreTeamOperation } from "~/kernel/teams/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/teams/{teamId}/restore: the team as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.restoreTeam, {
    operation: restoreTeamOperation,
    currentTag: (tx, input) => lockedTeamTag(tx, input.teamId),
    respond: ({ id }, { member }) => teamAnswer(args.context, member, id),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
