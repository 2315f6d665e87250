import createClient from "openapi-fetch";
import type { paths } from "./schema";

export type { components, operations, paths } from "./schema";

/**
 * A typed client of Hourbook's API v1: paths, parameters, bodies and answers come
 * from the generated ./schema.d.ts, so a call the API doesn't take fails to compile.
 * Refusals arrive as `error`, RFC 9457 problem details (docs/api.md).
 */
export function createHourbookClient(options: { baseUrl: string; token: string; fetch?: (request: Request) => Promise<Response> }) {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Authorization: `Bearer ${options.token}` },
    ...(options.fetch && { fetch: options.fetch }),
  });
}
