import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { entryAnswer, entryJson, lockedEntryTag } from "~/api/time/answers.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";
import { findEntry } from "~/time/entry-list.server";
import { deleteEntryOperation, saveEntryOperation } from "~/time/operations.server";

/** GET /api/v1/time-entries/{entryId}: one the token's person may see, with an ETag. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getTimeEntry, async (tx, _caller, { params }) => {
    const entry = await findEntry(tx, params.entryId);
    if (!entry) throw notFoundProblem("Entry");
    return representation(args.request, entryJson(entry));
  });
}

/** PATCH changes the fields given; DELETE removes the entry. Both honour If-Match. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method === "PATCH") {
    return apiChange(args, endpoints.updateTimeEntry, {
      operation: saveEntryOperation,
      currentTag: (tx, input) => lockedEntryTag(tx, input.entryId!),
      respond: ({ id }, { member }) => entryAnswer(args.context, member, id),
    });
  }
  if (args.request.method === "DELETE") {
    return apiChange(args, endpoints.deleteTimeEntry, {
      operation: deleteEntryOperation,
      currentTag: (tx, input) => lockedEntryTag(tx, input.entryId),
      respond: () => new Response(null, { status: 204 }),
    });
  }
  return methodNotAllowed(["GET", "PATCH", "DELETE"]);
}
