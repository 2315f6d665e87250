import type { ActionFunctionArgs } from "@remix-run/node";
import { lockedTaskTag, taskAnswer } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { restoreTaskOperation } from "~/kernel/catalog/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/projects/{projectId}/tasks/{taskId}/restore: the task as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.restoreTask, {
    operation: restoreTaskOperation,
    currentTag: (tx, input) => lockedTaskTag(tx, input.projectId, input.taskId),
    // The path names the task; it was parsed before the operation ran.
    respond: (_result, { member }) => taskAnswer(args.context, member, endpoints.restoreTask.params.parse(args.params)),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
