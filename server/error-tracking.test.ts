import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startErrorTracking } from "./error-tracking";

/** Sentry's side played by a local HTTP server taking envelopes at the DSN's address. */
let receiver: Server;
let dsn: string;
const envelopes: { url: string; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      envelopes.push({ url: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  dsn = `http://publickey@127.0.0.1:${(receiver.address() as AddressInfo).port}/42`;
});

afterAll(() => new Promise((resolve) => receiver.close(resolve)));

describe("error tracking", () => {
  it("is off without SENTRY_DSN: nothing is started, so nothing can be sent", async () => {
    expect(await startErrorTracking({ dsn: undefined, environment: "production", release: "abc1234" })).toBeUndefined();
    expect(envelopes).toEqual([]);
  });

  it("sends an error with the request, company and user ids, and nothing personal", async () => {
    const tracking = await startErrorTracking({ dsn, environment: "production", release: "abc1234" });
    const error = new Error('duplicate key value violates unique constraint: Key (email)=(ann@example.com) already exists; asked by ann@example.com');
    tracking!.capture(error, { requestId: "req-12345678", companyId: "5d2c1f0e-1111-4222-8333-944455556666", userId: "0b7a2c3d-1111-4222-8333-944455556666" });
    await tracking!.close();

    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]!.url).toMatch(/^\/api\/42\/envelope\//);
    const [, , payload] = envelopes[0]!.body.split("\n");
    const event = JSON.parse(payload!) as Record<string, unknown> & { exception: { values: { type: string; value: string }[] } };
    expect(event).toMatchObject({
      environment: "production",
      release: "abc1234",
      tags: { request_id: "req-12345678", company_id: "5d2c1f0e-1111-4222-8333-944455556666" },
      user: { id: "0b7a2c3d-1111-4222-8333-944455556666" },
    });
    expect(event.exception.values[0]).toMatchObject({ type: "Error", value: "duplicate key value violates unique constraint: Key (email)=(…) already exists; asked by [email]" });
    expect(envelopes[0]!.body).not.toContain("ann@example.com");
    expect(event.request).toBeUndefined();
    expect(event.breadcrumbs).toBeUndefined();
  });
});
