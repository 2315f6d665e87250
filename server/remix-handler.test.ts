import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, get, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { createGunzip } from "node:zlib";
import { redirect, type AppLoadContext, type LoaderFunction, type ServerBuild } from "@remix-run/node";
import type { Response as ExpressResponse } from "express";
import { pino } from "pino";
import remixConfig from "../remix.config.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "./app";
import { createRequestHandler } from "./remix-handler";
import { createApiRateLimits } from "./api-limits";

/**
 * The Remix handler behind the real HTTP layer (compression included, since it sits
 * between our writes and the socket), serving resource routes of a hand-made build.
 */

const chunkSize = 64 * 1024;
// Well beyond what loopback's socket buffers take in, so a writer that ignores
// backpressure shows as every chunk pulled.
const chunkCount = 512;
// Random bytes, so gzip can't shrink the file into the socket buffers; the index at the
// front of each chunk makes order count.
const noise = randomBytes(chunkSize);
const chunkAt = (index: number) => {
  const chunk = Buffer.from(noise);
  chunk.writeUInt32BE(index);
  return chunk;
};
const wholeFileHash = (() => {
  const hash = createHash("sha256");
  for (let index = 0; index < chunkCount; index++) hash.update(chunkAt(index));
  return hash.digest("hex");
})();

/** What the current download's body was asked for, and by whom. */
let download: {
  pulled: number;
  cancelled: Promise<void>;
  signal: AbortSignal | undefined;
  failAfter: number | undefined;
};
let lastResponse: ExpressResponse | undefined;

function newDownload(failAfter?: number) {
  let cancel!: () => void;
  download = { pulled: 0, cancelled: new Promise((resolve) => (cancel = resolve)), signal: undefined, failAfter };
  return cancel;
}
let markCancelled = newDownload();

const downloadLoader: LoaderFunction = ({ request }) => {
  download.signal = request.signal;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (download.pulled === download.failAfter) return controller.error(new Error("the query failed"));
        if (download.pulled === chunkCount) return controller.close();
        controller.enqueue(chunkAt(download.pulled++));
      },
      cancel: () => markCancelled(),
    },
    // As tenant-stream.server.ts: one chunk ahead of the reader.
    { highWaterMark: 1 },
  );
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8" } });
};

const resourceRoutes: Record<string, LoaderFunction> = {
  download: downloadLoader,
  cookies: () => {
    const headers = new Headers({ "Content-Type": "text/plain" });
    headers.append("Set-Cookie", "first=1; Path=/; HttpOnly");
    headers.append("Set-Cookie", "second=2; Path=/; HttpOnly");
    return new Response("two cookies", { status: 201, statusText: "Made Two", headers });
  },
  moved: () => redirect("/elsewhere"),
  cached: () => new Response("the same for everyone", { headers: { "Cache-Control": "public, max-age=60" } }),
  // A page still rendering: its first part, then nothing until the test says so.
  rendering: () => {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode("<p>the shell</p>"));
        await renderingDone;
        controller.close();
      },
    });
    return new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
};
let finishRendering!: () => void;
const renderingDone = new Promise<void>((resolve) => (finishRendering = resolve));

const build: ServerBuild = {
  mode: "production",
  entry: {
    module: {
      default: (_request, status, headers) => new Response("a page", { status, headers }),
      // Remix would log the not-found page's error to the console.
      handleError: () => undefined,
    },
  },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    // A page with a form, whose POST Remix checks against CSRF itself.
    "routes/form": { id: "routes/form", parentId: "root", path: "form", module: { default: () => null, action: () => "saved" } },
    ...Object.fromEntries(
      Object.entries(resourceRoutes).map(([path, loader]) => [
        `routes/${path}`,
        { id: `routes/${path}`, parentId: "root", path, module: { loader } },
      ]),
    ),
  },
  assets: { entry: { imports: [], module: "" }, routes: {}, url: "/build/manifest.js", version: "1" },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  // The app's own flags, so this build answers as ours does.
  future: remixConfig.future as ServerBuild["future"],
  isSpaMode: false,
};

let server: Server;
let port: number;

beforeAll(async () => {
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: 2_048 },
    logger: pino({ level: "silent" }),
    readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ burst: 1_000, burstSeconds: 15, perMinute: 6_000 }),
    remix: createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (_req, res) => {
        lastResponse = res;
        // The routes here read nothing from the context.
        return {} as AppLoadContext;
      },
    }),
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(
  () =>
    new Promise((resolve) => {
      // A failed test can leave a response hanging; it shouldn't hold the server open too.
      server.closeAllConnections();
      server.close(resolve);
    }),
);

beforeEach(() => {
  markCancelled = newDownload();
});

/** A download whose response arrives paused: nothing is read until the test resumes it. */
function startDownload(encoding: string) {
  return new Promise<{ response: IncomingMessage; abort: () => void }>((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path: "/download", agent: false, headers: { "accept-encoding": encoding } }, (response) => {
      response.pause();
      resolve({ response, abort: () => req.destroy() });
    });
    req.on("error", reject);
  });
}

function collectGarbage() {
  // vitest.config.ts starts the test workers with --expose-gc.
  if (!globalThis.gc) throw new Error("gc() is not exposed");
  globalThis.gc();
}

/** Waits until the server has stopped pulling chunks, i.e. it is waiting on the client. */
async function pullsSettled(): Promise<number> {
  let seen = -1;
  while (download.pulled !== seen) {
    seen = download.pulled;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return seen;
}

describe.each(["identity", "gzip"])("a download sent with %s encoding", (encoding) => {
  it("is pulled only as fast as the client reads it", async () => {
    const { response } = await startDownload(encoding);
    expect(response.headers["content-encoding"]).toBe(encoding === "gzip" ? "gzip" : undefined);

    const pulledWhilePaused = await pullsSettled();
    // What remains ahead of the client sits in the kernel's socket buffers (about 4 MiB
    // on loopback here); the writer that ignored `drain` had pulled all 32 MiB by now.
    expect(pulledWhilePaused).toBeLessThan(chunkCount / 4);
    expect(lastResponse?.writableLength ?? 0).toBeLessThanOrEqual(2 * chunkSize);

    const hash = createHash("sha256");
    const decoded = encoding === "gzip" ? response.pipe(createGunzip()) : response;
    for await (const part of decoded) hash.update(part as Buffer);
    expect(download.pulled).toBe(chunkCount);
    expect(hash.digest("hex")).toBe(wholeFileHash);
  });

  it("is cancelled when the client goes away mid-way, and the server serves on", async () => {
    const { response, abort } = await startDownload(encoding);
    let received = 0;
    let left = false;
    response.on("data", (part: Buffer) => {
      received += part.length;
      if (received > 1024 * 1024 && !left) {
        left = true;
        // The loader has returned, so Remix's copies of the request are garbage. A busy
        // machine collected them by chance, about one run in five, and the signal the
        // loader kept then never aborted; collecting them here makes every run that one.
        collectGarbage();
        abort();
      }
    });
    response.on("error", () => undefined);
    response.resume();

    await download.cancelled;
    // Both follow the response's close, in no fixed order: the body's cancel and the signal.
    await vi.waitFor(() => expect(download.signal?.aborted).toBe(true), { timeout: 10_000 });
    expect(download.pulled).toBeLessThan(chunkCount);

    const next = await fetch(`http://127.0.0.1:${port}/cookies`);
    expect(next.status).toBe(201);
  });
});

describe("the Remix handler", () => {
  it("breaks the response off when the body fails mid-way, so the file isn't taken as whole", async () => {
    markCancelled = newDownload(4);
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/download", agent: false }, (response) => {
        response.on("data", () => undefined);
        response.on("end", () => resolve("ended"));
        response.on("aborted", () => resolve("aborted"));
        response.on("error", () => resolve("aborted"));
      });
      req.on("error", () => resolve("aborted"));
      req.end();
    });
    expect(outcome).toBe("aborted");

    const next = await fetch(`http://127.0.0.1:${port}/cookies`);
    expect(next.status).toBe(201);
  });

  it("answers HEAD for a download without producing it, and lets its producer end", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/download`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    await vi.waitFor(() => expect(download.signal?.aborted).toBe(true), { timeout: 10_000 });
    expect(download.pulled).toBeLessThanOrEqual(1);
  });

  it("sends each part of a compressed page as it comes, not when the page ends", async () => {
    const headers = { "accept-encoding": "gzip" };
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get({ host: "127.0.0.1", port, path: "/rendering", agent: false, headers }, resolve).on("error", reject),
    );
    expect(response.headers["content-encoding"]).toBe("gzip");
    const [shell] = (await once(response.pipe(createGunzip()), "data")) as [Buffer];
    expect(shell.toString()).toBe("<p>the shell</p>");
    finishRendering();
  });

  it("sends the status, its reason and every Set-Cookie header", async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get({ host: "127.0.0.1", port, path: "/cookies", agent: false }, resolve).on("error", reject),
    );
    response.resume();
    expect(response.statusCode).toBe(201);
    expect(response.statusMessage).toBe("Made Two");
    expect(response.headers["set-cookie"]).toEqual(["first=1; Path=/; HttpOnly", "second=2; Path=/; HttpOnly"]);
  });

  it("sends redirects, pages and the not-found status", async () => {
    const moved = await fetch(`http://127.0.0.1:${port}/moved`, { redirect: "manual" });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe("/elsewhere");

    const missing = await fetch(`http://127.0.0.1:${port}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("a page");
  });

  it("marks every answer private and unstorable unless the route chose its own caching", async () => {
    const page = await fetch(`http://127.0.0.1:${port}/moved`, { redirect: "manual" });
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const download = await fetch(`http://127.0.0.1:${port}/cookies`);
    expect(download.headers.get("cache-control")).toBe("private, no-store");
    const chosen = await fetch(`http://127.0.0.1:${port}/cached`);
    expect(chosen.headers.get("cache-control")).toBe("public, max-age=60");
  });

  it("runs a form post whose Origin is the configured site although the Host names this machine otherwise", async () => {
    // Behind a proxy that rewrites Host (or localhost vs 127.0.0.1), Remix's own origin
    // check would refuse what the HTTP layer's single rule accepted, with a 500.
    const post = (origin: string) =>
      fetch(`http://127.0.0.1:${port}/form`, {
        method: "POST",
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
        body: "a=1",
      });
    expect((await post("https://hourbook.example")).status).toBe(200);
    expect((await post("https://evil.example")).status).toBe(403);
  });
});
