import type { RequestHandler } from "express";

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
      res.status(413).type("text/plain").send(`The request is too large (at most ${Math.floor(maxBytes / 1024)} KB).`);
      return;
    }
    next();
  };
}
