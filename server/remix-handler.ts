import { AsyncLocalStorage } from "node:async_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { GetLoadContextFunction, RequestHandler } from "@remix-run/express";
// Not re-exported from the package's entry point; the package has no "exports" map, so
// the deep path resolves the same in Node's ESM loader, esbuild and TypeScript.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import {
  createRequestHandler as createRemixRequestHandler,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type ServerBuild,
} from "@remix-run/node";
import type { Response as ExpressResponse } from "express";
import { inSpan } from "../platform/tracing";
import { noteRouteId } from "./request-scope";

/**
 * `@remix-run/express`'s handler, except that a response body is written only as fast
 * as the client reads it, and that a route's `request.signal` reliably aborts when the
 * client leaves. The adapter's writer never waits for `drain`, so a slow client's
 * download piled up in server memory while the stream behind it (and the tenant
 * transaction behind that, see tenant-stream.server.ts) raced ahead.
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
  const handleRequest = createRemixRequestHandler(
    typeof build === "function" ? async () => withRouteSignals(await build()) : withRouteSignals(build),
    mode,
  );
  return async (req, res, next) => {
    try {
      const signal = routeSignalFor(req.method, res);
      // The Origin check is server/request-guards.ts's alone. Remix repeats a stricter
      // one (Origin must match Host exactly) that a proxy rewriting Host, or localhost
      // vs 127.0.0.1, trips with a 500 after ours has said yes.
      delete req.headers.origin;
      const request = createRemixRequest(req, res);
      const loadContext = await getLoadContext?.(req, res);
      const response = await routeSignal.run(signal, () => handleRequest(request, loadContext));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Remix hands each loader and action its own copy of the request, made with
 * `new Request(url, { signal })` from another copy. Node's Request (undici) keeps a
 * copy's signal following the original's only while the copy itself is alive. A
 * download's loader returns its body and keeps only `request.signal`; Remix's copies
 * are then garbage, and once they are collected that signal never aborts: a producer
 * listening on it (tenant-stream.server.ts, and on HEAD nothing else ends it) runs on
 * after the client has left (nodejs/undici#3644, remix-run/react-router#14817). So a
 * route gets, as `request.signal`, the handler's own signal, which the response's
 * listeners keep reachable until it aborts.
 */
const routeSignal = new AsyncLocalStorage<AbortSignal>();

function withRouteSignals(build: ServerBuild): ServerBuild {
  const routes = Object.entries(build.routes).map(([id, route]) => {
    const { loader, action } = route.module;
    const module = { ...route.module };
    if (loader) module.loader = (args) => (noteRouteId(id), inSpan(`loader ${id}`, { "remix.route": id }, async () => loader(withRouteSignal(args))));
    if (action) module.action = (args) => (noteRouteId(id), inSpan(`action ${id}`, { "remix.route": id }, async () => action(withRouteSignal(args))));
    return [id, { ...route, module }] as const;
  });
  return { ...build, routes: Object.fromEntries(routes) };
}

function withRouteSignal<Args extends LoaderFunctionArgs | ActionFunctionArgs>(args: Args): Args {
  const signal = routeSignal.getStore();
  // Remix makes a new copy of the request for every call, so this one is the route's alone.
  if (signal) Object.defineProperty(args.request, "signal", { value: signal });
  return args;
}

/**
 * Aborts, as the adapter's signal does, when the response closes before it finished:
 * the client went away. And Remix answers HEAD by dropping the loader's body unread
 * and never cancelled: a streamed download's producer (and its tenant transaction)
 * would wait forever, so a HEAD's signal aborts once the response is over.
 */
function routeSignalFor(method: string, res: ExpressResponse): AbortSignal {
  // A response gathers one `close` listener from each of the request log, compression,
  // the adapter, this signal and pipeline's end-of-stream: bounded and gone with the
  // response, but past Node's default warning threshold of ten.
  res.setMaxListeners(16);
  const controller = new AbortController();
  let finished = false;
  res.once("finish", () => (finished = true));
  res.once("close", () => {
    if (!finished || method === "HEAD") controller.abort();
  });
  return controller.signal;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
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
    if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    throw error;
  }
}
