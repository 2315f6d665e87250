import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { entryAnswer, entryJson } from "~/api/time/answers.server";
import { day } from "~/kernel/fields";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";
import { listEntriesAfter } from "~/time/entry-list.server";
import { saveEntryOperation } from "~/time/operations.server";

/** GET /api/v1/time-entries: the entries the token's person may see, by day then id, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listTimeEntries, async (tx, _caller, { query }) => {
    const { limit, cursor, billable, updatedSince, ...filter } = query;
    const page = pageRequestOf({ limit, cursor }, day());
    const rows = await listEntriesAfter(
      tx,
      {
        ...filter,
        billable: billable === undefined ? undefined : billable === "true",
        updatedSince: updatedSince === undefined ? undefined : new Date(updatedSince),
      },
      { after: page.after, limit: page.limit + 1 },
    );
    return pageAnswer(rows, page, args.request, entryJson);
  });
}

/** POST /api/v1/time-entries: log time, by the day view's rules. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createTimeEntry, {
    operation: saveEntryOperation,
    respond: ({ id }, { member }) =>
      entryAnswer(args.context, member, id, { status: 201, headers: { Location: `/api/v1/time-entries/${id}` } }),
  });
}
