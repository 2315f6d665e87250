/**
 * RFC 9457 problem details, the one shape of every error the public API answers.
 * `type` is a tag URI: it names the kind of problem for good without promising a
 * page at that address; `code` is the same name for programs that switch on it.
 */
export const problemCodes = [
  "unauthenticated",
  "missing-scope",
  "forbidden",
  "not-found",
  "invalid-input",
  "malformed-json",
  "unsupported-media-type",
  "payload-too-large",
  "conflict",
  "rule-broken",
  "precondition-failed",
  "read-only",
  "unavailable",
  "idempotency-key-reused",
  "idempotency-key-in-use",
  "rate-limited",
  "two-factor-required",
] as const;

export type ProblemCode = (typeof problemCodes)[number];

const titles: Record<ProblemCode, string> = {
  unauthenticated: "No valid API token",
  "missing-scope": "The token lacks a scope",
  forbidden: "The role doesn't allow this",
  "not-found": "Not found",
  "invalid-input": "The request has invalid fields",
  "malformed-json": "The body isn't valid JSON",
  "unsupported-media-type": "The body isn't JSON",
  "payload-too-large": "The body is too large",
  conflict: "Conflicts with the current state",
  "rule-broken": "A rule refuses this",
  "precondition-failed": "The resource changed since it was read",
  "read-only": "The company is read-only",
  unavailable: "A service is unavailable",
  "idempotency-key-reused": "The Idempotency-Key was used with another request",
  "idempotency-key-in-use": "A request with this Idempotency-Key is still running",
  "rate-limited": "Too many requests",
  "two-factor-required": "The company requires two-factor authentication",
};

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemContentType = "application/problem+json";

export function problemBody(status: number, code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return { type: `tag:hourbook.app,2026:problems/${code}`, title: titles[code], status, detail, code, ...extensions };
}

export function problem(
  status: number,
  code: ProblemCode,
  detail: string,
  options: { extensions?: Record<string, unknown>; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(options.headers);
  headers.set("Content-Type", problemContentType);
  headers.set("Cache-Control", "private, no-store");
  return new Response(JSON.stringify(problemBody(status, code, detail, options.extensions)), { status, headers });
}
