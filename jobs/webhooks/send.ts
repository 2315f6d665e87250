import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import {
  addressAllowed,
  BlockedAddressError,
  guardedLookup,
  urlProblem,
  type Resolver,
  type WebhookNetworkPolicy,
} from "../../app/kernel/webhooks/address-guard";

/** What the log keeps of an answer's body. */
export const responseBodyCap = 1024;
export const deliveryTimeoutMs = 10_000;

export interface SignedRequest {
  /** The event's id: the same for every attempt and every resend of it. */
  messageId: string;
  body: string;
  /** Secrets as Standard Webhooks writes them (whsec_…): the current one, and the previous one during a rotation's overlap. */
  secrets: string[];
  at: Date;
}

/** Standard Webhooks' three headers; with two secrets, one signature each, space-separated, so either verifies. */
export function signedHeaders({ messageId, body, secrets, at }: SignedRequest): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body));
  return {
    "content-type": "application/json",
    "user-agent": "Hourbook-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

export interface SendResult {
  /** 2xx: delivered. */
  ok: boolean;
  status: number | null;
  /** The first KB of the answer. */
  body: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * One POST, under the network policy: no redirects followed (a 3xx is a failure), a
 * timeout over the whole exchange, and only the first KB of the answer read.
 */
export interface SendOptions {
  policy: WebhookNetworkPolicy;
  timeoutMs?: number;
  /** Tests stand in for DNS; otherwise the system's resolver. */
  resolve?: Resolver;
}

export async function sendWebhook(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const { policy, timeoutMs = deliveryTimeoutMs } = options;
  const started = performance.now();
  const done = (result: Omit<SendResult, "durationMs">): SendResult => ({ ...result, durationMs: Math.round(performance.now() - started) });
  const problem = urlProblem(url, policy);
  if (problem) return done({ ok: false, status: null, body: null, error: problem });
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  // Node skips `lookup` for an address literal; urlProblem has judged it already.
  if (isIP(host) && !addressAllowed(host, policy)) return done({ ok: false, status: null, body: null, error: new BlockedAddressError(host).message });

  return new Promise((resolve) => {
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(target, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: guardedLookup(policy, options.resolve),
      agent: false,
    });
    let settled = false;
    const finish = (result: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(done(result));
    };
    const timer = setTimeout(() => finish({ ok: false, status: null, body: null, error: `No answer within ${timeoutMs / 1000} s` }), timeoutMs);
    request.on("error", (error) => finish({ ok: false, status: null, body: null, error: error.message.slice(0, 500) }));
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const complete = () => {
        const text = Buffer.concat(chunks).subarray(0, responseBodyCap).toString("utf8");
        const redirect = status >= 300 && status < 400;
        finish({ ok: status >= 200 && status < 300, status, body: text, error: redirect ? "Redirects are not followed" : null });
      };
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // The rest of a large answer is never read.
        if (size >= responseBodyCap) complete();
      });
      response.on("end", complete);
      response.on("error", complete);
    });
    request.end(body);
  });
}
