import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { lockedProjectTag, projectAnswer, readProject } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { updateProjectOperation } from "~/kernel/catalog/operations.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/projects/{projectId}, with who is assigned and an ETag; If-None-Match answers 304 when nothing changed. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getProject, async (tx, _caller, { params }) => {
    const project = await readProject(tx, params.projectId);
    if (!project) throw notFoundProblem("Project");
    return representation(args.request, project);
  });
}

/** PUT /api/v1/projects/{projectId}: the project's details, replaced; with If-Match, only if nobody changed it since. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  return apiChange(args, endpoints.updateProject, {
    operation: updateProjectOperation,
    input: (fields) => fields,
    currentTag: (tx, input) => lockedProjectTag(tx, input.projectId),
    respond: ({ id }, { member }) => projectAnswer(args.context, member, id),
  });
}
