import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server standing in for api.stripe.com (STRIPE_API_BASE points the SDK
 * here): it records every request the SDK makes, with its form-encoded body decoded,
 * and answers from the handlers a test gives it. No test reaches the internet.
 */
export interface StripeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  idempotencyKey: string | null;
  authorization: string | null;
  body: URLSearchParams;
}

export type StandInAnswer = { status?: number; body: Record<string, unknown> } | "drop-connection";
/** May be async, so a test can change the database while Stripe is "working". */
export type StandInHandler = (request: StripeRequest) => StandInAnswer | Promise<StandInAnswer>;

export interface StripeStandIn {
  url: string;
  requests: StripeRequest[];
  /**
   * Answer `METHOD /path` with this handler from now on; a route ending in `/*`
   * answers every path under it (`GET /v1/subscriptions/*`) that has no exact handler.
   */
  on(route: string, handler: StandInHandler): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** On `port` (0: any free one), on 127.0.0.1 only. */
export async function startStripeStandIn(options: { port?: number } = {}): Promise<StripeStandIn> {
  const handlers = new Map<string, StandInHandler>();
  const requests: StripeRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const recorded: StripeRequest = {
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0] ?? "",
      query: new URL(req.url ?? "/", "http://stand-in").searchParams,
      idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
      authorization: req.headers.authorization ?? null,
      body: new URLSearchParams(await readBody(req)),
    };
    requests.push(recorded);
    const handler = handlers.get(`${recorded.method} ${recorded.path}`) ?? prefixHandler(handlers, recorded);
    const answer: StandInAnswer = handler
      ? await handler(recorded)
      : { status: 404, body: { error: { type: "invalid_request_error", message: `no stand-in for ${recorded.path}` } } };
    if (answer === "drop-connection") {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", "request-id": `req_${requests.length}` });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (route, handler) => handlers.set(route, handler),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function prefixHandler(handlers: Map<string, StandInHandler>, request: StripeRequest): StandInHandler | undefined {
  for (const [route, handler] of handlers) {
    if (route.endsWith("/*") && `${request.method} ${request.path}`.startsWith(route.slice(0, -1))) return handler;
  }
  return undefined;
}
