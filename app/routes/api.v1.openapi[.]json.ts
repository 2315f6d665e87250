import { openApiDocument } from "~/api/openapi";
import { methodNotAllowed } from "~/routing/api.server";

/**
 * GET /api/v1/openapi.json: the API's description, public like any API reference and
 * the same for everyone, so shared caches may keep it for a while.
 */
export function loader() {
  return new Response(JSON.stringify(openApiDocument()), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}

export const action = () => methodNotAllowed(["GET"]);
