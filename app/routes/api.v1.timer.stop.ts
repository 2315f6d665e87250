import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timerAnswer } from "~/api/time/answers.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";
import { stopTimerOperation } from "~/time/operations.server";

/** POST /api/v1/timer/stop: the entry the timer was saved as, or null when none ran. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.stopTimer, {
    operation: stopTimerOperation,
    respond: async ({ entryId }, { member }) => jsonResponse({ entry: (await timerAnswer(args.context, member, entryId)).entry }),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
