import type { LoaderFunctionArgs } from "@remix-run/node";
import { timeReportAnswer } from "~/api/reports/answers.server";
import { methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/reports/time/detailed: every entry of the report, streamed as JSON or CSV, or an XLSX file. */
export function loader(args: LoaderFunctionArgs) {
  return timeReportAnswer(args, "detailed");
}

export function action() {
  return methodNotAllowed(["GET"]);
}
