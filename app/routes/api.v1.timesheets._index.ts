import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { timesheetSummaryJson } from "~/api/timesheets/answers.server";
import { recordPermissionRefusal } from "~/kernel/accounts/permission-refusals.server";
import { tokenMay } from "~/kernel/api-tokens/scopes";
import { listTimesheetsAfter } from "~/time/timesheets.server";
import { apiRead, methodNotAllowed } from "~/routing/api.server";
import { problem } from "~/routing/problems";

/**
 * GET /api/v1/timesheets: one person's weeks (view=mine), or the weeks waiting for the
 * caller's decision (view=to-approve), oldest week first, a page at a time.
 */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listTimesheets, async (tx, { member, token }, { query }) => {
    const mine = query.view === "mine";
    const ownId = member.user.id;
    // As on the week page: another person's weeks are for those who fill them in.
    if (mine && query.userId && query.userId !== ownId && !tokenMay({ role: member.company.role, scopes: token.scopes }, "time:log-for-others")) {
      const url = new URL(args.request.url);
      await recordPermissionRefusal(tx, { permission: "time:log-for-others", method: "GET", path: url.pathname });
      // Answered rather than thrown, so the refusal's record commits with the transaction.
      return problem(403, "forbidden", "Only those who fill in others' weeks may list another member's timesheets.", {
        extensions: { permission: "time:log-for-others" },
      });
    }
    const page = pageRequestOf(query);
    const rows = await listTimesheetsAfter(tx, {
      waitingForMe: !mine,
      userId: mine ? (query.userId ?? ownId) : (query.userId ?? null),
      status: query.status ?? null,
      weekFrom: query.weekFrom ?? null,
      weekTo: query.weekTo ?? null,
      after: page.after,
      limit: page.limit + 1,
    });
    return pageAnswer(rows, page, args.request, timesheetSummaryJson);
  });
}

export const action = () => methodNotAllowed(["GET"]);
