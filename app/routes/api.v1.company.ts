import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";

export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, "company:view", async (_tx, { member }) =>
    jsonResponse({
      id: member.company.companyId,
      slug: member.company.slug,
      name: member.company.name,
      timezone: member.company.timezone,
      weekStart: member.company.weekStart,
    }),
  );
}

export const action = () => methodNotAllowed(["GET"]);
