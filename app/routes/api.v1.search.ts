import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { searchableKinds } from "~/api/search/answers.server";
import { search } from "~/search/search.server";
import { apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";

/** GET /api/v1/search?q=…: the best matches among what the token's person may see. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.search, async (tx, caller, { query }) => {
    const kinds = searchableKinds(caller, query.kinds);
    const hits = await search(tx, { text: query.q, kinds, limit: query.limit });
    return jsonResponse({ data: hits, kinds });
  });
}

export const action = () => methodNotAllowed(["GET"]);
