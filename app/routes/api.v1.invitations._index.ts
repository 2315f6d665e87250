import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { invitationAnswer, invitationJson } from "~/api/members/answers.server";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { listOpenInvitationsAfter } from "~/kernel/members/invitations.server";
import { inviteOperation } from "~/kernel/members/operations.server";
import { apiChange, apiRead, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/invitations: the open ones, oldest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listInvitations, async (tx, _caller, { query }) => {
    const page = pageRequestOf(query);
    const rows = await listOpenInvitationsAfter(tx, { after: page.after, limit: page.limit + 1 });
    return pageAnswer(rows, page, args.request, invitationJson);
  });
}

/** POST /api/v1/invitations {"email", "role", "teamIds"?}: the invitations page's invitation, email and all. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return apiChange(args, endpoints.createInvitation, {
    operation: inviteOperation,
    respond: ({ id }, { member }) =>
      invitationAnswer(args.context, member, id, { status: 201, headers: { Location: `/api/v1/invitations/${id}` } }),
  });
}
