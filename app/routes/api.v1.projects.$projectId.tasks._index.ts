import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { taskAnswer, taskJson } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { addTaskOperation } from "~/kernel/catalog/operations.server";
import { listTasksAfter } from "~/kernel/catalog/project-tasks.server";
import { getProject } from "~/kernel/catalog/projects.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/projects/{projectId}/tasks: the project's tasks, oldest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listTasks, async (tx, _caller, { params, query }) => {
    // A project without tasks and a project that isn't there must not look alike.
    if (!(await getProject(tx, params.projectId))) throw notFoundProblem("Project");
    const page = pageRequestOf(query);
    const archived = query.archived === undefined ? undefined : query.archived === "true";
    const rows = await listTasksAfter(tx, params.projectId, { after: page.after, limit: page.limit + 1, archived });
    return pageAnswer(rows, page, args.request, (task) => taskJson(params.projectId, task));
  });
}

/** POST /api/v1/projects/{projectId}/tasks {"name", "billable"?} */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.addTask, {
    operation: addTaskOperation,
    respond: ({ id }, { member }) => {
      const { projectId } = endpoints.addTask.params.parse(args.params);
      return taskAnswer(
        args.context,
        member,
        { projectId, taskId: id },
        { status: 201, headers: { Location: `/api/v1/projects/${projectId}/tasks/${id}` } },
      );
    },
  });
}
