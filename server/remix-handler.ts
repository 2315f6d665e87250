import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { GetLoadContextFunction, RequestHandler } from "@remix-run/express";
// Not re-exported from the package's entry point; the package has no "exports" map, so
// the deep path resolves the same in Node's ESM loader, esbuild and TypeScript.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createRemixRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Response as ExpressResponse } from "express";

/**
 * `@remix-run/express`'s handler, except that a response body is written only as fast
 * as the client reads it. The adapter's writer never waits for `drain`, so a slow
 * client's download piled up in server memory while the stream behind it (and the
 * tenant transaction behind that, see tenant-stream.server.ts) raced ahead.
 */
export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode?: string;
  getLoadContext?: GetLoadContextFunction;
}): RequestHandler {
  const handleRequest = createRemixRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const clientLeft = new AbortController();
      // The Origin check is server/request-guards.ts's alone. Remix repeats a stricter
      // one (Origin must match Host exactly) that a proxy rewriting Host, or localhost
      // vs 127.0.0.1, trips with a 500 after ours has said yes.
      delete req.headers.origin;
      const request = withEndSignals(createRemixRequest(req, res), res, clientLeft.signal);
      const loadContext = await getLoadContext?.(req, res);
      const response = await handleRequest(request, loadContext);
      await sendResponse(res, response, () => clientLeft.abort());
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The adapter's signal aborts when the client leaves before the response is done,
 * judged by `close` coming without `finish`; with compression in between, `finish`
 * can come first although the client never got the whole body, and the signal then
 * never aborts. So a GET's signal also aborts when sending its body fails because
 * the client went away (`clientLeft`). And Remix answers HEAD by dropping the
 * loader's body unread and never cancelled: a streamed download's producer (and its
 * tenant transaction) would wait forever, so a HEAD's signal aborts once the
 * response is over. Other methods keep the adapter's signal: their bodies are
 * streams a new Request would have to take over.
 */
function withEndSignals(request: Request, res: ExpressResponse, clientLeft: AbortSignal): Request {
  if (request.method !== "GET" && request.method !== "HEAD") return request;
  const signals = [request.signal, clientLeft];
  if (request.method === "HEAD") {
    const responseOver = new AbortController();
    res.once("close", () => responseOver.abort());
    signals.push(responseOver.signal);
  }
  return new Request(request, { signal: AbortSignal.any(signals) });
}

async function sendResponse(res: ExpressResponse, response: Response, onClientLeft: () => void): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // Headers iterate each Set-Cookie separately; append keeps them all.
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  // Every page and download may show one person's or company's data: no shared cache
  // may keep it, nor the browser's back-forward history after signing out.
  if (!response.headers.has("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }

  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  // pipeline pauses the body while `write` says the client is behind, and destroys it if
  // the response closes first, which cancels the web stream so its producer stops.
  const sent = pipeline(body, res);
  // compression holds output until it has a block's worth; the adapter flushed after each
  // chunk so a streamed page shows as it renders. Registered after pipeline's own `data`
  // listener, so it runs after the chunk is written.
  if (typeof res.flush === "function") body.on("data", () => res.flush());
  try {
    await sent;
  } catch (error) {
    // The client went away: nothing is left to answer, and the body is already cancelled.
    if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") {
      onClientLeft();
      return;
    }
    throw error;
  }
}
