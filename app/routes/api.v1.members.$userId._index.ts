import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { representation } from "~/api/etag";
import { lockedMemberTag, memberAnswer, memberJson } from "~/api/members/answers.server";
import { changeRoleOperation } from "~/kernel/members/operations.server";
import { getMember } from "~/kernel/members/members.server";
import { apiChange, apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/members/{userId}, with an ETag; If-None-Match answers 304 when nothing changed. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getMember, async (tx, _caller, { params }) => {
    const member = await getMember(tx, params.userId);
    if (!member) throw notFoundProblem("Member");
    return representation(args.request, memberJson(member));
  });
}

/** PATCH /api/v1/members/{userId} {"role"}: the members page's role change; with If-Match, only if nobody changed the member since. */
export function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  return apiChange(args, endpoints.changeMemberRole, {
    operation: changeRoleOperation,
    currentTag: (tx, input) => lockedMemberTag(tx, input.userId),
    respond: (_result, { member }) => memberAnswer(args.context, member, args.params.userId!),
  });
}
