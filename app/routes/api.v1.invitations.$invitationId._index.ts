import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { invitationJson, lockedInvitationTag } from "~/api/members/answers.server";
import { getOpenInvitation } from "~/kernel/members/invitations.server";
import { revokeInvitationOperation } from "~/kernel/members/operations.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/invitations/{invitationId}: an open invitation, with an ETag. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getInvitation, async (tx, _caller, { params }) => {
    const invitation = await getOpenInvitation(tx, params.invitationId);
    if (!invitation) throw notFoundProblem("Invitation");
    return representation(args.request, invitationJson(invitation));
  });
}

/** DELETE /api/v1/invitations/{invitationId}: revokes it, as the invitations page does; its link stops working. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed(["GET", "DELETE"]);
  return apiChange(args, endpoints.revokeInvitation, {
    operation: revokeInvitationOperation,
    currentTag: (tx, input) => lockedInvitationTag(tx, input.invitationId),
    respond: () => new Response(null, { status: 204 }),
  });
}
