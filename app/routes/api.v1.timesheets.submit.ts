import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timesheetAnswer } from "~/api/timesheets/answers.server";
import { submitWeekOperation } from "~/time/operations.server";
import { timesheetIdOf } from "~/time/timesheets.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/**
 * POST /api/v1/timesheets/submit {"week", "personId"?}: by the week rather than a
 * timesheet id, since a week nobody has touched has no timesheet until it is submitted.
 */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.submitTimesheet, {
    operation: submitWeekOperation,
    respond: async ({ week, person }, { member }) => {
      const timesheetId = await args.context.withTenant(member.tenant, (tx) => timesheetIdOf(tx, person.id, week));
      return timesheetAnswer(args.context, member, timesheetId!);
    },
  });
}

export const loader = () => methodNotAllowed(["POST"]);
