import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type AppOptions } from "./app";
import { answerConnectRequests } from "./request-guards";
import { createApiRateLimits } from "./api-limits";

/**
 * What the HTTP layer answers itself, before Remix: odd methods and request targets,
 * legacy data requests, and the development tools that only this machine may open.
 * Remix is a stand-in that says it was reached.
 */

interface Running {
  base: string;
  port: number;
  server: Server;
}

async function serve(config: Partial<AppOptions["config"]>): Promise<Running> {
  const app = createApp({
    config: { NODE_ENV: "production", TRUST_PROXY_HOPS: 0, APP_URL: "https://hourbook.example", MAX_REQUEST_BODY_BYTES: 2_048, ...config },
    logger: pino({ level: "silent" }),
    readiness: { check: async () => ({ ready: true, checks: {} }), drain: () => undefined, close: async () => undefined },
    publicDir: mkdtempSync(`${tmpdir()}/hourbook-public-`),
    apiRateLimits: createApiRateLimits({ burst: 1_000, burstSeconds: 15, perMinute: 6_000 }),
    remix: (req, res) => void res.status(200).type("text/plain").send(`remix saw ${req.method} ${req.url}`),
  });
  const server = createServer(app);
  answerConnectRequests(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port, server };
}

/** A request written byte for byte, for what fetch won't send (TRACE, absolute-form targets); returns the status line. */
function rawStatusLine(port: number, requestLine: string, host = "127.0.0.1"): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`${requestLine}\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("end", () => resolve(received.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

let production: Running;
let development: Running;
let behindProxy: Running;

beforeAll(async () => {
  production = await serve({ NODE_ENV: "production" });
  development = await serve({ NODE_ENV: "development" });
  // One trusted proxy: the client is whoever it says in X-Forwarded-For.
  behindProxy = await serve({ NODE_ENV: "development", TRUST_PROXY_HOPS: 1 });
});

afterAll(async () => {
  for (const running of [production, development, behindProxy]) await new Promise((resolve) => running.server.close(resolve));
});

describe("methods and request targets", () => {
  it("answers methods Remix has no use for with 405 and the ones it takes in Allow", async () => {
    const res = await fetch(`${production.base}/login`, { method: "PROPFIND" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(await res.text()).not.toContain("remix saw");
  });

  it("answers TRACE itself with 405 (Remix's Request refuses to be one)", async () => {
    expect(await rawStatusLine(production.port, "TRACE /c/acme/time HTTP/1.1")).toBe("HTTP/1.1 405 Method Not Allowed");
  });

  it("answers OPTIONS with the allowed methods and never runs a route's action for it", async () => {
    const res = await fetch(`${production.base}/login`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toContain("POST");
    expect(await res.text()).toBe("");
  });

  it("answers CONNECT with 405 instead of dropping the connection", async () => {
    expect(await rawStatusLine(production.port, "CONNECT evil.example:443 HTTP/1.1", "evil.example:443")).toBe("HTTP/1.1 405 Method Not Allowed");
  });

  it("refuses a Host header that names no server with 400", async () => {
    for (const host of ["localhost:99999", "[::1", "a b"]) {
      expect(await rawStatusLine(production.port, "GET /login HTTP/1.1", host), host).toBe("HTTP/1.1 400 Bad Request");
    }
  });

  it("refuses an absolute-form request target with 400: this server is not a proxy", async () => {
    expect(await rawStatusLine(production.port, "GET http://evil.example/ HTTP/1.1")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawStatusLine(production.port, "GET * HTTP/1.1")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawStatusLine(production.port, "GET /login HTTP/1.1")).toBe("HTTP/1.1 200 OK");
  });

  it("refuses a path holding a control character with 400 before any route reads it", async () => {
    for (const path of ["/c/acme%00", "/c/acme%00/time", "/c/%1Facme/members"]) {
      const res = await fetch(`${production.base}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.text()).not.toContain("remix saw");
    }
    expect((await fetch(`${production.base}/c/acme/time`)).status).toBe(200);
  });

  it("refuses legacy ?_data= requests instead of letting them log errors", async () => {
    const res = await fetch(`${production.base}/login?_data=routes%2Flogin`);
    expect(res.status).toBe(400);
    expect((await fetch(`${production.base}/login?data=1`)).status).toBe(200);
  });

  it("lets a browser without JavaScript send its Origin with our forms, and no referrer to other sites", async () => {
    // Under no-referrer, a plain form post carries "Origin: null", which the CSRF check refuses.
    expect((await fetch(`${production.base}/login`)).headers.get("referrer-policy")).toBe("same-origin");
  });

  it("forbids framing with the same answer in both headers", async () => {
    const res = await fetch(`${production.base}/login`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("development tools", () => {
  const toolPaths = ["/dev/mailbox", "/dev/emails", "/dev/mailbox.data", "/DEV/mailbox", "/d%65v/mailbox", "//dev//mailbox"];

  it("open for a client on this machine when not in production", async () => {
    const res = await fetch(`${development.base}/dev/mailbox`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("remix saw GET /dev/mailbox");
  });

  it("are not found for a client on another machine, however the path is spelled", async () => {
    for (const path of toolPaths) {
      const res = await fetch(`${behindProxy.base}${path}`, { headers: { "x-forwarded-for": "203.0.113.7" } });
      expect(res.status, path).toBe(404);
    }
    // The same proxy relaying a request from this machine.
    expect((await fetch(`${behindProxy.base}/dev/mailbox`, { headers: { "x-forwarded-for": "127.0.0.1" } })).status).toBe(200);
    // Other pages are unaffected.
    expect((await fetch(`${behindProxy.base}/login`, { headers: { "x-forwarded-for": "203.0.113.7" } })).status).toBe(200);
  });

  it("can't be reached by a remote client claiming to be local", async () => {
    // The trusted proxy appends the address it saw; what the client wrote before it doesn't count.
    const res = await fetch(`${behindProxy.base}/dev/mailbox`, { headers: { "x-forwarded-for": "127.0.0.1, 203.0.113.7" } });
    expect(res.status).toBe(404);
  });

  it("are not found in production, even from this machine", async () => {
    for (const path of toolPaths) expect((await fetch(`${production.base}${path}`)).status, path).toBe(404);
  });
});
