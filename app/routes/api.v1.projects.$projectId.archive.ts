import type { ActionFunctionArgs } from "@remix-run/node";
import { lockedProjectTag, projectAnswer } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { archiveProjectOperation } from "~/kernel/catalog/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/projects/{projectId}/archive: the project as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.archiveProject, {
    operation: archiveProjectOperation,
    currentTag: (tx, input) => lockedProjectTag(tx, input.projectId),
    respond: ({ id }, { member }) => projectAnswer(args.context, member, id),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
