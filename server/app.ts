import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import compression from "compression";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import type { Config } from "../platform/config";
import { allowCrossOriginApi } from "./api-cors";
import { limitApiRequests, type ApiRateLimits } from "./api-limits";
import { recordHttpMetrics } from "./http-metrics";
import type { Readiness } from "./readiness";
import type { VersionReport } from "./version";
import {
  answerUnsupportedMethods,
  developmentToolsForLoopbackOnly,
  limitRequestBody,
  refuseMalformedTargets,
  refuseLegacyDataRequests,
  requireSameOrigin,
} from "./request-guards";

export interface AppOptions {
  config: Pick<Config, "NODE_ENV" | "TRUST_PROXY_HOPS" | "APP_URL" | "MAX_REQUEST_BODY_BYTES">;
  logger: Logger;
  readiness: Readiness;
  /** Remix's request handler; tests pass a stand-in. */
  remix: RequestHandler;
  publicDir: string;
  /** Per-token limits of the public API (server/api-limits.ts). */
  apiRateLimits: ApiRateLimits;
  /** GET /version's answer (server/version.ts); without it the path is Remix's (a 404). */
  version?: () => Promise<VersionReport>;
  /** Errors that got no answer but a 500 before reaching a route, for error tracking. */
  onError?: (error: unknown, req: Request) => void;
}

const requestIdPattern = /^[\w.:-]{8,128}$/;

/** Keep a caller's request id (a proxy's, for tracing across services) when it looks sane. */
function requestIdFor(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
}

const probePaths = new Set(["/healthz", "/readyz", "/version"]);

export function createApp({ config, logger, readiness, remix, publicDir, apiRateLimits, version, onError }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  // First, so every answer is counted, the guards' refusals included.
  app.use(recordHttpMetrics());
  // Client IPs come from X-Forwarded-For only through the configured number of proxies.
  app.set("trust proxy", config.TRUST_PROXY_HOPS);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdFor(req);
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => probePaths.has(req.url ?? "") },
      // Every line a request logs carries its id; headers stay out of the logs.
      quietReqLogger: true,
      customAttributeKeys: { reqId: "requestId" },
      serializers: {
        req: (req: { method: string; url: string; remoteAddress: string }) => ({
          method: req.method,
          url: req.url,
          ip: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "script-src": [
            "'strict-dynamic'",
            (_req, res) => `'nonce-${(res as ServerResponse & { locals: { cspNonce: string } }).locals.cspNonce}'`,
          ],
          // React Aria positions overlays with inline style attributes.
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "connect-src": ["'self'"],
          // Chrome applies form-action to a form's redirects too: without JavaScript, the
          // billing page's forms end on Stripe's Checkout and customer portal pages.
          "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
          "frame-ancestors": ["'none'"],
          "upgrade-insecure-requests": config.NODE_ENV === "production" ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // The legacy header must say what frame-ancestors 'none' says: no framing at all.
      xFrameOptions: { action: "deny" },
      // Helmet's default, no-referrer, makes a browser without JavaScript post its forms
      // with "Origin: null" and no Referer, which the same-origin check must refuse.
      // same-origin keeps both for our own pages and sends nothing to other sites.
      referrerPolicy: { policy: "same-origin" },
      // Only production is served over HTTPS; HSTS elsewhere would pin localhost to it.
      strictTransportSecurity: config.NODE_ENV === "production" ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    }),
  );
  app.use(compression());
  // Request-line problems are answered before anything reads the request.
  app.use(refuseMalformedTargets());
  // Before the OPTIONS answer below: a browser's preflight for the API gets CORS's own.
  app.use(allowCrossOriginApi({ prefix: "/api/" }));
  app.use(answerUnsupportedMethods());
  app.use(refuseLegacyDataRequests());
  // Before the body limit, so a 413 carries the rate-limit headers too.
  app.use(limitApiRequests(apiRateLimits, { prefix: "/api/v1/" }));
  app.use(limitRequestBody(config.MAX_REQUEST_BODY_BYTES));
  // The public API authenticates with a Bearer token and never reads a cookie, so a
  // cross-site form can't act through it: there is nothing for a browser to attach.
  // Every path under /api/ routes to the API (app/routes/api.$.ts catches the rest),
  // so no page can hide behind this exemption.
  app.use(requireSameOrigin({ appUrl: config.APP_URL, exemptPrefixes: ["/webhooks/", "/api/"] }));
  app.use(developmentToolsForLoopbackOnly({ prefix: "/dev/", enabled: config.NODE_ENV !== "production" }));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const report = await readiness.check();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? "ready" : "unavailable", ...report });
  });

  if (version) {
    // Ids and times only, nothing about any company: safe on the public port, as /healthz is.
    app.get("/version", async (_req, res, next) => {
      try {
        res.set("Cache-Control", "no-store").json(await version());
      } catch (error) {
        next(error);
      }
    });
  }

  // Fingerprinted build assets never change; everything else in public/ may.
  app.use("/build", express.static(join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  app.all("*", remix);
  app.use(answerErrors(onError));
  return app;
}

/**
 * Errors raised before Remix (a malformed URL escape reaching the static file
 * server, say) get a short plain answer and one log line, never a stack trace.
 */
const answerErrors =
  (onError: AppOptions["onError"]): ErrorRequestHandler =>
  (error: { status?: number; statusCode?: number }, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = error.status ?? error.statusCode ?? 500;
  const clientError = status >= 400 && status < 500;
  if (clientError) req.log.warn({ status }, String(error));
  else {
    req.log.error({ err: error }, "Unhandled error before reaching a route");
    onError?.(error, req);
  }
  res
    .status(clientError ? status : 500)
    .type("text/plain")
    .send(clientError ? "Bad request" : "Something went wrong");
};
