import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { projectAnswer, projectSummaryJson } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { createProjectOperation } from "~/kernel/catalog/operations.server";
import { listProjectsAfter } from "~/kernel/catalog/projects.server";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";

/**
 * GET /api/v1/projects: what the projects page lists to the token's person (every
 * project of the company, as the page does for every role that may view projects),
 * oldest first; `loggable=true` narrows it to the week grid's choice for that person.
 */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listProjects, async (tx, caller, { query }) => {
    const page = pageRequestOf(query);
    const rows = await listProjectsAfter(tx, {
      after: page.after,
      limit: page.limit + 1,
      archived: query.archived === undefined ? undefined : query.archived === "true",
      clientId: query.clientId,
      loggableBy: query.loggable ? caller.member.user.id : undefined,
    });
    return pageAnswer(rows, page, args.request, projectSummaryJson);
  });
}

/** POST /api/v1/projects */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createProject, {
    operation: createProjectOperation,
    input: (fields) => fields,
    respond: ({ id }, { member }) =>
      projectAnswer(args.context, member, id, { status: 201, headers: { Location: `/api/v1/projects/${id}` } }),
  });
}
