import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { memberJson } from "~/api/members/answers.server";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { listMembersAfter } from "~/kernel/members/members.server";
import { apiRead, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/members: every member in the order they joined, optionally by role and status, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listMembers, async (tx, _caller, { query }) => {
    const page = pageRequestOf(query);
    const rows = await listMembersAfter(tx, { after: page.after, limit: page.limit + 1, role: query.role, status: query.status });
    return pageAnswer(rows, page, args.request, memberJson);
  });
}

// People join by accepting an invitation (/api/v1/invitations), never by a POST here.
export const action = () => methodNotAllowed(["GET"]);
