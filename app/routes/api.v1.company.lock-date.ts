import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { etagOf, representation } from "~/api/etag";
import { currentLockDate, lockDateJson, lockedLockDateTag } from "~/api/timesheets/answers.server";
import { lockTimeOperation } from "~/time/operations.server";
import { apiChange, apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";

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
      return jsonResponse(body, { headers: { ETag: etagOf(body) } });
    },
  });
}
