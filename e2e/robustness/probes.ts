/**
 * Route-level oddities, written on a raw socket so nothing in between tidies them up:
 * methods, paths, headers and bodies a browser never sends. Each route pattern meets a
 * seeded few; every probe meets at least one route per role.
 */
import type { RoleClient } from "./client";
import { assignChoices, inPool } from "./mutations";

interface Request {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Probe {
  label: string;
  /** `path` is a crawled path with its query; `origin` is the site's. */
  build: (path: string, origin: string) => Request;
}

const formType = "application/x-www-form-urlencoded";
const post = (path: string, origin: string, contentType: string, body: string, headers: Record<string, string> = {}): Request => ({
  method: "POST",
  target: path,
  headers: { origin, "content-type": contentType, ...headers },
  body,
});
const withSegment = (path: string, segment: string) => {
  const [pathname = "/", query] = path.split("?", 2);
  return `${pathname.replace(/\/$/, "")}/${segment}${query === undefined ? "" : `?${query}`}`;
};

const probes: readonly Probe[] = [
  // With this site's Origin, as a page's fetch() would send it, so the CSRF guard lets them through.
  ...["TRACE", "TRACK", "PROPFIND", "MKCOL", "PURGE", "HEAD", "OPTIONS"].map((method) => ({
    label: `method ${method}`,
    build: (path: string, origin: string) => ({ method, target: path, headers: { origin } }),
  })),
  ...["PUT", "PATCH", "DELETE"].map((method) => ({ label: `method ${method}`, build: (path: string, origin: string) => ({ ...post(path, origin, formType, "intent=save"), method }) })),
  { label: "path with %00", build: (path) => ({ method: "GET", target: withSegment(path, "%00") }) },
  { label: "path with %ZZ", build: (path) => ({ method: "GET", target: withSegment(path, "%ZZ") }) },
  { label: "path with overlong %c0%ae", build: (path) => ({ method: "GET", target: withSegment(path, "%c0%ae%c0%ae/%c0%ae%c0%ae") }) },
  { label: "path with a 5000-character segment", build: (path) => ({ method: "GET", target: withSegment(path, "a".repeat(5_000)) }) },
  { label: "path starting //", build: (path) => ({ method: "GET", target: `//${path.replace(/^\/+/, "")}` }) },
  { label: "company slug with %00", build: (path) => ({ method: "GET", target: path.replace(/^\/c\/([^/?]+)/, "/c/$1%00") }) },
  { label: "path with encoded slash and dots", build: (path) => ({ method: "GET", target: withSegment(path, "..%2f..%2f%2e%2e") }) },
  { label: "POST with Content-Type multipart without boundary", build: (path, origin) => post(path, origin, "multipart/form-data", "intent=save") },
  { label: "POST with Content-Type charset=utf-16", build: (path, origin) => post(path, origin, `${formType}; charset=utf-16`, "intent=save") },
  { label: "POST with Content-Type text/plain", build: (path, origin) => post(path, origin, "text/plain", "intent=save") },
  { label: "POST with a garbage Content-Type", build: (path, origin) => post(path, origin, ";;==/;", "intent=save") },
  { label: "GET with a garbage Cookie", build: (path) => ({ method: "GET", target: path, headers: { cookie: "__session=%%%E0; =; ;;__session=\u00ff" } }) },
  { label: "POST from another Origin", build: (path) => post(path, "http://evil.example", formType, "intent=save") },
  { label: "POST with Origin null", build: (path) => post(path, "null", formType, "intent=save") },
  { label: "POST with an unparseable Origin", build: (path) => post(path, "http://[::1", formType, "intent=save") },
  { label: "POST with Host differing from Origin", build: (path, origin) => post(path, origin, formType, "intent=save", { host: "evil.example" }) },
  { label: "POST with Host and Origin both another site", build: (path) => post(path, "http://evil.example", formType, "intent=save", { host: "evil.example" }) },
  { label: "GET with an invalid Host", build: (path) => ({ method: "GET", target: path, headers: { host: "[::1" } }) },
  { label: "GET with a Host port out of range", build: (path) => ({ method: "GET", target: path, headers: { host: "localhost:99999" } }) },
  { label: "POST with an invalid multipart boundary", build: (path, origin) => post(path, origin, "multipart/form-data; boundary=expected", "--other\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nsave\r\n--other--\r\n") },
  { label: "POST with truncated multipart", build: (path, origin) => post(path, origin, "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nsa") },
  { label: "POST with truncated urlencoded", build: (path, origin) => post(path, origin, formType, "intent=sa%E&week=%") },
  { label: "POST with JSON to a form action", build: (path, origin) => post(path, origin, "application/json", '{"intent":"save","week":[1]') },
  { label: "POST declaring a body over the limit", build: (path, origin) => post(path, origin, formType, "intent=save", { "content-length": "2000000" }) },
];

/** Once per role: they name no route, or the server answers them before any route. */
const requestLineProbes: readonly { label: string; head: (host: string) => string }[] = [
  { label: "absolute-form target to another site", head: (host) => `GET http://evil.example/ HTTP/1.1\r\nHost: ${host}` },
  { label: "absolute-form target to this site", head: (host) => `GET http://${host}/c/acme HTTP/1.1\r\nHost: ${host}` },
  { label: "absolute-form target with another Host", head: () => `GET http://evil.example/c/acme HTTP/1.1\r\nHost: evil.example` },
  { label: "asterisk-form OPTIONS", head: (host) => `OPTIONS * HTTP/1.1\r\nHost: ${host}` },
  { label: "asterisk-form GET", head: (host) => `GET * HTTP/1.1\r\nHost: ${host}` },
  { label: "HTTP/1.0 without Host", head: () => `GET /c/acme HTTP/1.0` },
  { label: "CONNECT", head: (host) => `CONNECT ${host} HTTP/1.1\r\nHost: ${host}` },
];

const probesPerRoute = 3;
// Most are refused before a route runs, so a few at once cost the server little.
const probeConcurrency = 3;

export async function probeRoutes(client: RoleClient, paths: string[]): Promise<void> {
  await inPool(assignChoices(client.role.name, paths, probes, probesPerRoute), probeConcurrency, async ({ item: path, choice: probe }) => {
    const request = probe.build(path, client.baseUrl);
    await client.raw("routes", { method: request.method, url: request.target, what: probe.label }, headOf(client, request), request.body);
  });
  for (const probe of requestLineProbes) {
    const head = `${probe.head(client.host)}${cookieLine(client)}\r\nConnection: close`;
    await client.raw("routes", { method: "-", url: "-", what: probe.label }, head);
  }
}

function headOf(client: RoleClient, request: Request): string {
  const headers: Record<string, string> = { host: client.host, connection: "close", ...request.headers };
  if (request.body !== undefined) headers["content-length"] ??= String(Buffer.byteLength(request.body));
  if (client.cookie) headers.cookie ??= client.cookie;
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`${request.method} ${request.target} HTTP/1.1`, ...lines].join("\r\n");
}

function cookieLine(client: RoleClient) {
  return client.cookie ? `\r\nCookie: ${client.cookie}` : "";
}
