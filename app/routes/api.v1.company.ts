import type { LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { endpoints } from "~/api/endpoints";
import type { companySchema } from "~/api/account/schemas";
import { apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";

export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.company, async (_tx, { member }) => {
    const body: z.output<typeof companySchema> = {
      id: member.company.companyId,
      slug: member.company.slug,
      name: member.company.name,
      timezone: member.company.timezone,
      weekStart: member.company.weekStart,
    };
    return jsonResponse(body);
  });
}

export const action = () => methodNotAllowed(["GET"]);
