import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { RequestHandler } from "express";
import { problemBody, problemContentType } from "../app/routing/problems";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for every state-changing request: the browser's Origin (or, failing
 * that, Referer) must be this site. SameSite=Lax cookies already stop most
 * cross-site posts; this also covers same-site subdomains and old browsers.
 * Machine-to-machine endpoints that authenticate otherwise (signed webhooks) are exempt.
 */
export function requireSameOrigin(options: { appUrl: string; exemptPrefixes: string[] }): RequestHandler {
  const configured = new URL(options.appUrl).origin;
  return (req, res, next) => {
    if (safeMethods.has(req.method) || options.exemptPrefixes.some((prefix) => req.path.startsWith(prefix))) {
      return next();
    }
    const claimed = req.get("origin") ?? req.get("referer");
    let origin: string | undefined;
    try {
      origin = claimed ? new URL(claimed).origin : undefined;
    } catch {
      origin = undefined;
    }
    const own = `${req.protocol}://${req.get("host")}`;
    if (origin && (origin === configured || origin === own)) return next();
    req.log.warn({ origin: claimed ?? null }, "Refused a cross-origin request");
    res.status(403).type("text/plain").send("This request came from another site and was refused.");
  };
}

/**
 * Refuse bodies over the limit before anything reads them (413). A body without a
 * declared length can't be checked up front, so it is refused too (411); browsers
 * always declare one for forms.
 */
export function limitRequestBody(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method)) return next();
    const declared = req.get("content-length");
    if (declared === undefined) {
      if (req.get("transfer-encoding")) {
        res.status(411).type("text/plain").send("Send a Content-Length with the request body.");
        return;
      }
      return next();
    }
    if (!/^\d+$/.test(declared) || Number(declared) > maxBytes) {
      const detail = `The request is too large (at most ${Math.floor(maxBytes / 1024)} KB).`;
      // The public API answers every error as problem details (docs/api.md).
      if (req.path.startsWith("/api/")) {
        res.status(413).type(problemContentType).send(JSON.stringify(problemBody(413, "payload-too-large", detail)));
        return;
      }
      res.status(413).type("text/plain").send(detail);
      return;
    }
    next();
  };
}

const supportedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const allowed = [...supportedMethods, "OPTIONS"].join(", ");

/**
 * CONNECT never reaches Express: Node hands it to the server's `connect` event and,
 * with no listener, drops the connection unanswered. Answer it like any other method
 * this site doesn't take.
 */
export function answerConnectRequests(server: Server): void {
  server.on("connect", (_req, socket: Duplex) => {
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${allowed}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });
}

/**
 * Methods Remix can't turn into a Request (TRACE, CONNECT) or has no meaning for
 * (PROPFIND…) get 405 here rather than a 500 from deep inside the adapter. OPTIONS
 * is answered here too: Remix would run it as an action, and this guard's CSRF
 * sibling treats it as safe.
 */
export function answerUnsupportedMethods(): RequestHandler {
  return (req, res, next) => {
    if (supportedMethods.includes(req.method)) return next();
    res.setHeader("Allow", allowed);
    if (req.method === "OPTIONS") return void res.status(204).end();
    res.status(405).type("text/plain").send(`${req.method} is not supported here.`);
  };
}

/**
 * Only origin-form targets ("/path?query") name a page of this site. An absolute-form
 * target ("GET http://elsewhere/") is how proxies are spoken to; we are not one. And
 * no page's path holds a control character: "/c/acme%00" would reach a route as a
 * slug Postgres refuses to compare.
 */
export function refuseMalformedTargets(): RequestHandler {
  return (req, res, next) => {
    if (!req.url.startsWith("/")) {
      return void res.status(400).type("text/plain").send("Ask for a path on this site, such as /login.");
    }
    // Remix builds the request's URL from Host; "localhost:99999" or "[::1" can't be one.
    if (!isUsableHost(req.get("host"))) {
      return void res.status(400).type("text/plain").send("The Host header does not name a server.");
    }
    if (controlCharacter.test(routedPath(req.path))) {
      return void res.status(400).type("text/plain").send("That address holds characters no page has.");
    }
    next();
  };
}

/**
 * `?_data=` is how Remix fetched data before single fetch; nothing of ours sends it,
 * and Remix logs every such request as an error, so anyone could flood the logs.
 */
export function refuseLegacyDataRequests(): RequestHandler {
  return (req, res, next) => {
    if (!("_data" in req.query)) return next();
    res.status(400).type("text/plain").send("This kind of data request is not supported.");
  };
}

/**
 * The path as Remix's router will match it: percent-escapes decoded, letters folded
 * (routes match case-insensitively) and repeated slashes collapsed, so "/D%65v//mailbox"
 * can't slip past a check that Remix would route to /dev/mailbox.
 */
export function routedPath(rawPath: string): string {
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape can't match a route either; compare what was sent.
  }
  return path.toLowerCase().replace(/\/{2,}/g, "/");
}

function isUsableHost(host: string | undefined): boolean {
  // HTTP/1.0 may leave Host out (some load balancers' health checks do); Remix copes.
  if (host === undefined) return true;
  try {
    return new URL(`http://${host}`).host !== "";
  } catch {
    return false;
  }
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u001F\u007F]/;

const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The development mailbox shows live sign-in links, so development tools answer only
 * a client on this machine (the client IP as the trusted proxies report it), and
 * never in production. Everyone else gets the same 404 as for an unknown page.
 */
export function developmentToolsForLoopbackOnly(options: { prefix: string; enabled: boolean }): RequestHandler {
  return (req, res, next) => {
    if (!routedPath(req.path).startsWith(options.prefix)) return next();
    if (options.enabled && loopback.test(req.ip ?? "")) return next();
    res.status(404).type("text/plain").send("Not found");
  };
}
