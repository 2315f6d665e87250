import type { LoaderFunctionArgs } from "@remix-run/node";
import { isReferenceAsset, referenceAsset } from "~/api/reference-assets.server";
import { methodNotAllowed } from "~/routing/api.server";
import { problem } from "~/routing/problems";

/** The reference page's scripts and styles; they change only with a deploy. */
export async function loader({ params }: LoaderFunctionArgs) {
  if (!isReferenceAsset(params.asset)) return problem(404, "not-found", "No such file of the API reference.");
  const { type, body } = await referenceAsset(params.asset);
  return new Response(body, { headers: { "Content-Type": type, "Cache-Control": "public, max-age=3600" } });
}

export const action = () => methodNotAllowed(["GET"]);
