import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timesheetMove } from "~/api/timesheets/answers.server";
import { approveTimesheetsOperation } from "~/time/operations.server";
import { methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/timesheets/{timesheetId}/approve: the approvals page's operation, for one week. */
export const action = (args: ActionFunctionArgs) => timesheetMove(args, endpoints.approveTimesheet, approveTimesheetsOperation);

export const loader = () => methodNotAllowed(["POST"]);
