import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timesheetMove } from "~/api/timesheets/answers.server";
import { withdrawWeekOperation } from "~/time/operations.server";
import { methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/timesheets/{timesheetId}/withdraw: a submitted week back to draft. */
export const action = (args: ActionFunctionArgs) => timesheetMove(args, endpoints.withdrawTimesheet, withdrawWeekOperation);

export const loader = () => methodNotAllowed(["POST"]);
