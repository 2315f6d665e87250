import { z } from "zod";
import { jsonResponse } from "~/routing/api.server";
import { problem } from "~/routing/problems";

/**
 * Cursor pagination as docs/api.md promises: `limit` (1–200, default 50) and an
 * opaque `cursor`, the next page named in a `Link: <…>; rel="next"` header and in
 * the body's `nextCursor`. The cursor is the last row's position, base64url-encoded
 * so clients pass it back rather than build it.
 */
export const maxPageSize = 200;
const defaultPageSize = 50;

// Postgres's text form of a timestamptz, as the listing prints it: anything else can't be a position we gave out.
const timestampText = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

const limitMessage = `Choose a limit from 1 to ${maxPageSize}`;

/** The query parameters every list takes; each list's query schema spreads this shape. */
export const pageQuery = z.object({
  limit: z.coerce
    .number({ error: limitMessage })
    .int({ error: limitMessage })
    .min(1, { error: limitMessage })
    .max(maxPageSize, { error: limitMessage })
    .default(defaultPageSize)
    .meta({ description: "Rows per page" }),
  cursor: z.string().optional().meta({ description: "Opaque: the `nextCursor` of the page before, passed back as given" }),
});

export interface PageRequest {
  limit: number;
  after: { position: string; id: string } | null;
}

export function encodeCursor(position: string, id: string): string {
  return Buffer.from(JSON.stringify({ p: position, i: id })).toString("base64url");
}

/**
 * The page asked for, or a 400 when the cursor isn't one we gave out. `position` is
 * what a list's positions look like (default: a timestamp), so nothing else reaches SQL.
 */
export function pageRequestOf(
  { limit, cursor }: z.output<typeof pageQuery>,
  position: z.ZodType<string> = z.string().regex(timestampText),
): PageRequest {
  const cursorSchema = z.object({ p: position, i: z.uuid() });
  if (cursor === undefined) return { limit, after: null };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = null;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw invalidParameter("cursor", "Pass back a cursor exactly as a previous page gave it");
  return { limit, after: { position: parsed.data.p, id: parsed.data.i } };
}

function invalidParameter(field: string, message: string): Response {
  return problem(400, "invalid-input", `Check these fields: ${field}.`, { extensions: { errors: [{ field, message }] } });
}

/**
 * Rows asked for one beyond the limit tell whether another page follows; this
 * trims them and names the next page.
 */
function pageOf<Row extends { id: string; position: string }>(rows: Row[], request: PageRequest, url: URL) {
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > request.limit && last ? encodeCursor(last.position, last.id) : null;
  const headers = new Headers();
  if (nextCursor) {
    const next = new URL(url);
    next.searchParams.set("cursor", nextCursor);
    next.searchParams.set("limit", String(request.limit));
    headers.set("Link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  return { rows: page, nextCursor, headers };
}

/** A list's answer: the page's rows as JSON, the next page named in the body and in `Link`. */
export function pageAnswer<Row extends { id: string; position: string }>(
  rows: Row[],
  request: PageRequest,
  httpRequest: Request,
  toJson: (row: Row) => unknown,
): Response {
  const { rows: page, nextCursor, headers } = pageOf(rows, request, new URL(httpRequest.url));
  return jsonResponse({ data: page.map((row) => toJson(row)), nextCursor }, { headers });
}
