import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timesheetMove } from "~/api/timesheets/answers.server";
import { reopenWeekOperation } from "~/time/operations.server";
import { methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/timesheets/{timesheetId}/reopen: an approved week back to draft. */
export const action = (args: ActionFunctionArgs) => timesheetMove(args, endpoints.reopenTimesheet, reopenWeekOperation);

export const loader = () => methodNotAllowed(["POST"]);
