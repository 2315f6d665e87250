import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { teamAnswer, teamSummaryJson } from "~/api/teams/answers.server";
import { createTeamOperation } from "~/kernel/teams/operations.server";
import { listTeamsAfter } from "~/kernel/teams/teams.server";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/teams: every team, oldest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listTeams, async (tx, _caller, { query }) => {
    const page = pageRequestOf(query);
    const archived = query.archived === undefined ? undefined : query.archived === "true";
    const rows = await listTeamsAfter(tx, { after: page.after, limit: page.limit + 1, archived });
    return pageAnswer(rows, page, args.request, teamSummaryJson);
  });
}

/** POST /api/v1/teams {"name"} */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createTeam, {
    operation: createTeamOperation,
    respond: ({ id }, { member }) => teamAnswer(args.context, member, id, { status: 201, headers: { Location: `/api/v1/teams/${id}` } }),
  });
}
