import type { RequestHandler } from "express";
import { routedPath } from "./request-guards";

/**
 * CORS for the public API (docs/api.md): any origin may call it and read its answers,
 * because it authenticates with a Bearer token a script holds, never a cookie a
 * browser adds. Credentials are never allowed, so a page on another site gets
 * nothing from a visitor's session. Pages keep their same-origin rule
 * (request-guards.ts): this answers only under the prefix.
 */

const allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE";
const allowedHeaders = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key";
const exposedHeaders = [
  "ETag", "Link", "Location", "RateLimit", "RateLimit-Policy", "Retry-After", "Deprecation", "Sunset", "Idempotent-Replayed",
].join(", ");

export function allowCrossOriginApi(options: { prefix: string }): RequestHandler {
  return (req, res, next) => {
    if (!routedPath(req.path).startsWith(options.prefix)) return next();
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (req.method === "OPTIONS" && req.get("access-control-request-method")) {
      res.setHeader("Access-Control-Allow-Methods", allowedMethods);
      res.setHeader("Access-Control-Allow-Headers", allowedHeaders);
      // Chromium's ceiling: a browser asks again at most every two hours.
      res.setHeader("Access-Control-Max-Age", "7200");
      return void res.status(204).end();
    }
    res.setHeader("Access-Control-Expose-Headers", exposedHeaders);
    next();
  };
}
