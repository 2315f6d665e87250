import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { entriesAnswer } from "~/api/time/answers.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";
import { bulkCreateEntriesOperation } from "~/time/operations.server";

/** POST /api/v1/time-entries/bulk {"entries": […]}: up to 1,000 entries, all or none. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.bulkCreateTimeEntries, {
    operation: bulkCreateEntriesOperation,
    respond: ({ ids }, { member }) => entriesAnswer(args.context, member, ids),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
