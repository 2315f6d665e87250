import type { ActionFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { lockedMemberTag, memberAnswer } from "~/api/members/answers.server";
import { deactivateMemberOperation } from "~/kernel/members/operations.server";
import { apiChange, methodNotAllowed } from "~/routing/api.server";

/** POST /api/v1/members/{userId}/deactivate: the member as they now are. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed(["POST"]);
  return apiChange(args, endpoints.deactivateMember, {
    operation: deactivateMemberOperation,
    currentTag: (tx, input) => lockedMemberTag(tx, input.userId),
    respond: (_result, { member }) => memberAnswer(args.context, member, args.params.userId!),
  });
}

export const loader = () => methodNotAllowed(["POST"]);
