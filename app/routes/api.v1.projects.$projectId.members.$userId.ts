import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { assignOperation, unassignOperation } from "~/kernel/catalog/operations.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";

// The page assigns people and teams through one operation; this path is its people.
const personOf = ({ projectId, userId }: { projectId: string; userId: string }) => ({ projectId, kind: "member" as const, id: userId });

/** PUT /api/v1/projects/{projectId}/members/{userId} assigns the person; DELETE takes them off. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method === "PUT") {
    return apiChange(args, endpoints.assignProjectMember, {
      operation: assignOperation,
      input: personOf,
      respond: ({ projectId, id }) => jsonResponse({ projectId, userId: id }),
    });
  }
  if (args.request.method === "DELETE") {
    return apiChange(args, endpoints.unassignProjectMember, {
      operation: unassignOperation,
      input: personOf,
      respond: () => new Response(null, { status: 204 }),
    });
  }
  return methodNotAllowed(["PUT", "DELETE"]);
}

export const loader = () => methodNotAllowed(["PUT", "DELETE"]);
