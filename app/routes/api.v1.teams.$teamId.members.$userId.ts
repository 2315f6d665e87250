import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { putTeamMemberOperation, removeTeamMemberOperation } from "~/kernel/teams/operations.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/**
 * PUT /api/v1/teams/{teamId}/members/{userId} {"isManager"?}: adds the member, or
 * changes whether they manage the team; DELETE takes them out of it.
 */
export function action(args: ActionFunctionArgs) {
  if (args.request.method === "PUT") {
    return apiChange(args, endpoints.putTeamMember, {
      operation: putTeamMemberOperation,
      respond: ({ teamId, userId, isManager }) => jsonResponse({ teamId, userId, isManager }),
    });
  }
  if (args.request.method === "DELETE") {
    return apiChange(args, endpoints.removeTeamMember, {
      operation: removeTeamMemberOperation,
      respond: () => new Response(null, { status: 204 }),
    });
  }
  return methodNotAllowed(["PUT", "DELETE"]);
}

export const loader = () => methodNotAllowed(["PUT", "DELETE"]);
