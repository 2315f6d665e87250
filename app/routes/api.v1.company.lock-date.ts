import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { currentLockDate, lockDateJson, lockedLockDateTag } from "~/api/timesheets/answers.server";
import { lockTimeOperation } from "~/time/operations.server";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";
import { representation, tagged } from "~/api/etag";

/** GET /api/v1/company/lock-date: the last locked day, or null; with an ETag. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getLockDate, async (tx) => representation(args.request, await currentLockDate(tx)));
}

/** PUT /api/v1/company/lock-date {"lockedUntil"}: the approvals page's lock, with If-Match. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  return apiChange(args, endpoints.setLockDate, {
    operation: lockTimeOperation,
    currentTag: (tx) => lockedLockDateTag(tx),
    respond: ({ lockedUntil }) => {
      const body = lockDateJson(lockedUntil);
      return tagged(body);
    },
  });
}
