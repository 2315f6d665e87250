import type { ActionFunctionArgs } from "@remix-run/node";
import { lockedProjectTag, projectAnswer } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { restoreProjectOperation } from "~/kernel/catalog/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/projects/{projectId}/restore: the project as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.restoreProject, {
    operation: restoreProjectOperation,
    currentTag: (tx, input) => lockedProjectTag(tx, input.projectId),
    respond: ({ id }, { member }) => projectAnswer(args.context, member, id),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
