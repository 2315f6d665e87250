import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { lockedTeamTag, teamAnswer, teamJson } from "~/api/teams/answers.server";
import { renameTeamOperation } from "~/kernel/teams/operations.server";
import { getTeam } from "~/kernel/teams/teams.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/teams/{teamId}, with an ETag; If-None-Match answers 304 when nothing changed. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getTeam, async (tx, _caller, { params }) => {
    const team = await getTeam(tx, params.teamId);
    if (!team) throw notFoundProblem("Team");
    return representation(args.request, teamJson(team));
  });
}

/** PATCH /api/v1/teams/{teamId} {"name"}: a rename; with If-Match, only if nobody changed the team since. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  return apiChange(args, endpoints.renameTeam, {
    operation: renameTeamOperation,
    currentTag: (tx, input) => lockedTeamTag(tx, input.teamId),
    respond: ({ id }, { member }) => teamAnswer(args.context, member, id),
  });
}
