import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { lockedTaskTag, taskAnswer, taskJson } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { renameTaskOperation } from "~/kernel/catalog/operations.server";
import { getTask } from "~/kernel/catalog/project-tasks.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/projects/{projectId}/tasks/{taskId}, with an ETag; If-None-Match answers 304 when nothing changed. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getTask, async (tx, _caller, { params }) => {
    const task = await getTask(tx, params.projectId, params.taskId);
    if (!task) throw notFoundProblem("Task");
    return representation(args.request, taskJson(params.projectId, task));
  });
}

/** PATCH /api/v1/projects/{projectId}/tasks/{taskId} {"name"}: a rename; with If-Match, only if nobody changed the task since. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  return apiChange(args, endpoints.renameTask, {
    operation: renameTaskOperation,
    currentTag: (tx, input) => lockedTaskTag(tx, input.projectId, input.taskId),
    respond: (_result, { member }) => taskAnswer(args.context, member, endpoints.renameTask.params.parse(args.params)),
  });
}
