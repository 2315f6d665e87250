import type { ActionFunctionArgs } from "@remix-run/node";
import { lockedProjectTag, projectAnswer } from "~/api/catalog/answers.server";
import { endpoints } from "~/api/endpoints";
import { setProjectAccessOperation } from "~/kernel/catalog/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** PUT /api/v1/projects/{projectId}/access {"access"}: who may log time; the project as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed(["PUT"]);
  return apiChange(args, endpoints.setProjectAccess, {
    operation: setProjectAccessOperation,
    currentTag: (tx, input) => lockedProjectTag(tx, input.projectId),
    respond: ({ projectId }, { member }) => projectAnswer(args.context, member, projectId),
  });
}

export const loader = () => methodNotAllowed(["PUT"]);
