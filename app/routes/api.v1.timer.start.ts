import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timerAnswer } from "~/api/time/answers.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";
import { startTimerOperation } from "~/time/operations.server";

/** POST /api/v1/timer/start {"projectId", "taskId"?, "notes"?}: refused while a timer runs. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.startTimer, {
    operation: startTimerOperation,
    respond: async (_started, { member }) => jsonResponse({ timer: (await timerAnswer(args.context, member, null)).timer }),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
