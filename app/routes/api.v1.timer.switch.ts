import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timerAnswer } from "~/api/time/answers.server";
import { apiChange, jsonResponse, methodNotAllowed } from "~/routing/api.server";
import { switchTimerOperation } from "~/time/operations.server";

/** POST /api/v1/timer/switch {"projectId", "taskId"?, "notes"?}: the running timer saved, the new one started, in one transaction. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.switchTimer, {
    operation: switchTimerOperation,
    respond: async ({ stoppedEntryId }, { member }) => {
      const { entry, timer } = await timerAnswer(args.context, member, stoppedEntryId);
      return jsonResponse({ stopped: entry, timer });
    },
  });
}

export const loader = () => methodNotAllowed(["POST"]);
