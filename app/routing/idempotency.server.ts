import { createHash } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import {
  claimIdempotencyKey,
  keepIdempotentAnswer,
  releaseIdempotencyKey,
  type KeptAnswer,
} from "~/kernel/api-tokens/idempotency-keys.server";
import type { ApiCaller } from "./api.server";
import { problem } from "./problems";

/**
 * Idempotency-Key on the API's POSTs (docs/api.md, decision 032). A retry with the
 * same key and the same request gets the first answer, and nothing changes again.
 * A second request arriving while the first is still running waits for its answer
 * and replays it; only if that takes longer than `waitMs` (or the first never
 * finished) does it get 409. Only 2xx answers are kept: a refusal may be retried.
 */

/** Long enough for any change the API makes; a client waiting longer can retry. */
export const defaultAnswerWaitMs = 10_000;

// The headers a client acts on; the rest (rate limits, request id) belong to each answer.
const keptHeaders = ["content-type", "cache-control", "location", "etag", "link"];

/** RFC 9110 token characters and the draft's quoted sf-string form, up to Stripe's 255. */
const keyPattern = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKeyOf(request: Request): string | null {
  const given = request.headers.get("Idempotency-Key");
  if (given === null || request.method !== "POST") return null;
  // draft-ietf-httpapi-idempotency-key-header sends it as a quoted string; Stripe's clients don't.
  const key = /^"(.*)"$/.exec(given.trim())?.[1] ?? given.trim();
  if (!keyPattern.test(key)) {
    throw problem(400, "invalid-input", "Check these fields: Idempotency-Key.", {
      extensions: { errors: [{ field: "Idempotency-Key", message: "Use 1 to 255 visible ASCII characters, such as a UUID" }] },
    });
  }
  return key;
}

function requestHash(request: Request, body: string): string {
  const url = new URL(request.url);
  return createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n${body}`).digest("hex");
}

function replay(answer: KeptAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set("Idempotent-Replayed", "true");
  return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers });
}

async function kept(response: Response): Promise<KeptAnswer> {
  const headers: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.clone().text() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `change` at most once per key: `body` is the request's body as sent, part of
 * what the key stands for.
 */
export async function idempotently(
  { request, context }: Pick<ActionFunctionArgs, "request" | "context">,
  caller: ApiCaller,
  body: string,
  change: () => Promise<Response>,
  options: { waitMs?: number } = {},
): Promise<Response> {
  const key = idempotencyKeyOf(request);
  if (key === null) return change();
  const at = { tokenId: caller.token.id, key };
  const hash = requestHash(request, body);
  const tenant = caller.member.tenant;
  const giveUpAt = Date.now() + (options.waitMs ?? defaultAnswerWaitMs);
  for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
    const claim = await context.withTenant(tenant, (tx) => claimIdempotencyKey(tx, { ...at, requestHash: hash }));
    if (claim.claimed) break;
    if (claim.earlier.requestHash !== hash) {
      throw problem(422, "idempotency-key-reused", "This Idempotency-Key was used with another request: use a new key for a new request.");
    }
    if (claim.earlier.answer) return replay(claim.earlier.answer);
    if (Date.now() >= giveUpAt) {
      throw problem(409, "idempotency-key-in-use", "A request with this Idempotency-Key hasn't finished: retry it later to get its answer.");
    }
    await pause(wait);
  }

  let response: Response;
  try {
    response = await change();
  } catch (thrown) {
    await context.withTenant(tenant, (tx) => releaseIdempotencyKey(tx, at));
    throw thrown;
  }
  if (response.status < 200 || response.status > 299) {
    await context.withTenant(tenant, (tx) => releaseIdempotencyKey(tx, at));
    return response;
  }
  const answer = await kept(response);
  try {
    await context.withTenant(tenant, (tx) => keepIdempotentAnswer(tx, at, answer));
  } catch (error) {
    // The change is made; failing its answer now would invite the retry the key is there to absorb.
    context.logger.error({ err: error }, "Could not keep an idempotent answer; its key answers 409 until it expires");
  }
  return response;
}
