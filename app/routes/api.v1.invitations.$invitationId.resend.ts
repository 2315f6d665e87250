import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { invitationAnswer, lockedInvitationTag } from "~/api/members/answers.server";
import { resendInvitationOperation } from "~/kernel/members/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/invitations/{invitationId}/resend: a new email and link; the invitation as it now is. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.resendInvitation, {
    operation: resendInvitationOperation,
    currentTag: (tx, input) => lockedInvitationTag(tx, input.invitationId),
    respond: (_result, { member }) => invitationAnswer(args.context, member, args.params.invitationId!),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
