import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import { testLogger } from "../jobs/testing/helpers";
import { createDevMailbox } from "./dev-mailbox.server";
import { createMailer, EmailDeliveryError, type OutgoingEmail } from "./mailer.server";

/** Resend through a local stand-in for its API (RESEND_BASE_URL), and the development mailbox. */
interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let server: Server;
let received: Received[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: { id: "re_123" } };
let db: TestDatabase;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: JSON.parse(raw || "{}") });
      const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  db = await createTestDatabase();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});
afterEach(() => {
  received = [];
  answer = { status: 200, body: { id: "re_123" } };
});

const email: OutgoingEmail = {
  to: "ada@example.com",
  subject: "Your timesheet for the week of November 17, 2025 was approved",
  html: "<p>Approved</p>",
  text: "Approved",
  idempotencyKey: "0f4b7c1e-5a9e-4e43-9d0e-7d3c9b1f2a10",
};

function resendMailer() {
  const previous = process.env.RESEND_BASE_URL;
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    return createMailer({ from: "Hourbook <no-reply@hourbook.test>", resendApiKey: "re_test_key", db, logger: testLogger, appUrl: "http://x" });
  } finally {
    if (previous === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = previous;
  }
}

describe("the Resend mailer", () => {
  it("posts the message with the API key and the job id as idempotency key", async () => {
    const mailer = resendMailer();
    expect(mailer.transport).toBe("resend");
    await mailer.send(email);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: "POST", path: "/emails" });
    expect(request?.headers.authorization).toBe("Bearer re_test_key");
    expect(request?.headers["idempotency-key"]).toBe(email.idempotencyKey);
    expect(request?.body).toEqual({
      from: "Hourbook <no-reply@hourbook.test>",
      to: "ada@example.com",
      subject: email.subject,
      html: "<p>Approved</p>",
      text: "Approved",
    });
  });

  it("turns a refusal into an error: permanent for a bad request, transient for rate limits and outages", async () => {
    const mailer = resendMailer();
    answer = { status: 422, body: { name: "validation_error", message: "Invalid `to` field.", statusCode: 422 } };
    await expect(mailer.send(email)).rejects.toMatchObject({ name: "EmailDeliveryError", permanent: true });
    answer = { status: 429, body: { name: "rate_limit_exceeded", message: "Too many requests", statusCode: 429 } };
    await expect(mailer.send(email)).rejects.toMatchObject({ permanent: false });
    answer = { status: 503, body: "<html>Service Unavailable</html>" };
    const outage = await mailer.send(email).catch((error: unknown) => error);
    expect(outage).toBeInstanceOf(EmailDeliveryError);
    expect(outage).toMatchObject({ permanent: false, message: expect.stringContaining("503") });
    answer = { status: 502, body: { error: "bad gateway" } }; // a proxy's answer, without Resend's fields
    await expect(mailer.send(email)).rejects.toMatchObject({ permanent: false });
  });
});

describe("the development mailbox", () => {
  it("keeps the message instead of sending it, once per job, newest first", async () => {
    const mailer = createMailer({ from: "Hourbook <no-reply@hourbook.test>", resendApiKey: undefined, db, logger: testLogger, appUrl: "http://x" });
    expect(mailer.transport).toBe("dev-mailbox");
    await mailer.send(email);
    await mailer.send(email);
    await mailer.send({ ...email, subject: "Second", idempotencyKey: "second-job" });
    expect(received).toEqual([]);
    const mailbox = createDevMailbox(db);
    expect((await mailbox.list()).map((m) => m.subject)).toEqual(["Second", email.subject]);
    expect(await mailbox.get(email.idempotencyKey)).toMatchObject({
      recipient: "ada@example.com",
      sender: "Hourbook <no-reply@hourbook.test>",
      html: "<p>Approved</p>",
      text: "Approved",
    });
    expect(await mailbox.get("nothing-here")).toBeNull();
  });
});
