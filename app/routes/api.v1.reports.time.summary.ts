import type { LoaderFunctionArgs } from "@remix-run/node";
import { timeReportAnswer } from "~/api/reports/answers.server";
import { methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/reports/time/summary: the report page's summary as JSON, or its CSV or XLSX download. */
export function loader(args: LoaderFunctionArgs) {
  return timeReportAnswer(args, "summary");
}

export function action() {
  return methodNotAllowed(["GET"]);
}
