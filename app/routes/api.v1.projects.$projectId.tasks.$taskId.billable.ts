import type { ActionFunctionArgs } from "@remix-run/node";
import { lockedTaskTag, taskAnswer } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { setTaskBillableOperation } from "~/kernel/catalog/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** PUT /api/v1/projects/{projectId}/tasks/{taskId}/billable {"billable"}: the task as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed(["PUT"]);
  return apiChange(args, endpoints.setTaskBillable, {
    operation: setTaskBillableOperation,
    currentTag: (tx, input) => lockedTaskTag(tx, input.projectId, input.taskId),
    respond: ({ projectId, taskId }, { member }) => taskAnswer(args.context, member, { projectId, taskId }),
  });
}

export const loader = () => methodNotAllowed(["PUT"]);
