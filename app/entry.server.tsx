import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./nonce";

const streamTimeoutMs = 5_000;
export const streamTimeout = streamTimeoutMs;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Crawlers get the whole document at once; browsers get it streamed as it renders.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  const nonce = loadContext.cspNonce;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeoutMs} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already in the stream; only log them. A client that
          // left (or a HEAD, whose body is dropped) breaks the stream: not a fault of ours.
          if (shellRendered && !request.signal.aborted) loadContext.logger.error({ err: error }, "Error while streaming a page");
        },
      },
    );
    setTimeout(abort, streamTimeoutMs + 1_000);
  });
}

/** Unexpected loader/action/render errors: logged with the request id, never shown in production. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // Aborted requests and 404s for unknown URLs are not faults of ours.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  context.logger.error({ err: error }, "Unhandled error in a route");
  context.reportError(error);
};
