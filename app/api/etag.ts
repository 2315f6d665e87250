import { createHash } from "node:crypto";
import { jsonResponse } from "~/routing/api.server";

/** A strong ETag over the representation itself: it changes exactly when what a client sees changes. */
export function etagOf(representation: unknown): string {
  return `"${createHash("sha256").update(JSON.stringify(representation)).digest("base64url").slice(0, 32)}"`;
}

export interface AnswerInit {
  status?: number;
  headers?: Record<string, string>;
}

/** A representation with its ETag, as a change answers (plus whatever it adds, such as a 201's Location). */
export function tagged(body: unknown, init: AnswerInit = {}): Response {
  return jsonResponse(body, { status: init.status, headers: { ...init.headers, ETag: etagOf(body) } });
}

/** A single resource with its ETag, or 304 when the request's If-None-Match already names it. */
export function representation(request: Request, body: unknown): Response {
  const etag = etagOf(body);
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
  return jsonResponse(body, { headers: { ETag: etag } });
}
