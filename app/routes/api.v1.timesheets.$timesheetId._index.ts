import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { timesheetJson } from "~/api/timesheets/answers.server";
import { getTimesheetById } from "~/time/timesheets.server";
import { apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/timesheets/{timesheetId}, with its days' totals and an ETag; If-None-Match answers 304. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getTimesheet, async (tx, _caller, { params }) => {
    const sheet = await getTimesheetById(tx, params.timesheetId);
    if (!sheet) throw notFoundProblem("Timesheet");
    return representation(args.request, timesheetJson(tx, sheet));
  });
}

export const action = () => methodNotAllowed(["GET"]);
