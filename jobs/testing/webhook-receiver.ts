import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request; the default is 204. */
export type Answer = (response: ServerResponse, request: ReceivedWebhook) => void;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests and the bench: it keeps what
 * it receives and answers as the test tells it, one answer per request in turn.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const answers: Answer[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const hook = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(hook);
      const answer = answers.shift();
      if (answer) answer(response, hook);
      else response.writeHead(204).end();
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** Answer the next requests like this, in order. */
    answerNext(...next: Answer[]) {
      answers.push(...next);
    },
    /** Resolves once `count` requests have arrived in all. */
    receivedCount(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const status = (code: number, body = ""): Answer => (response) => response.writeHead(code, { "content-type": "text/plain" }).end(body);
