/**
 * One role's way to the server: Playwright's request context for ordinary requests,
 * a raw socket for what that client won't write (unknown methods, absolute-form
 * targets, a Host of our choosing). Every answer passes through `record`, which keeps
 * the counts and every 5xx, reset or hang as a finding, so a run reports them all.
 */
import { connect } from "node:net";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";

export interface Role {
  name: string;
  email?: string;
}

export const demoPassword = "hourbook-demo";

export interface Finding {
  role: string;
  method: string;
  url: string;
  what: string;
  outcome: string;
}

export interface Sent {
  method: string;
  url: string;
  what: string;
}

export interface Answer {
  status: number;
  location?: string;
  contentType?: string;
  body?: string;
}

const requestTimeoutMs = 20_000;
const closedWithoutAnswer = "connection closed without an answer";

export class RoleClient {
  readonly findings: Finding[] = [];
  readonly sentBy = new Map<string, number>();
  signIns = 0;
  private cookieHeader = "";
  private signingIn: Promise<void> | undefined;

  private constructor(
    readonly role: Role,
    readonly baseUrl: string,
    private readonly context: APIRequestContext,
  ) {}

  static async open(role: Role, baseUrl: string): Promise<RoleClient> {
    const context = await playwrightRequest.newContext({ baseURL: baseUrl });
    const client = new RoleClient(role, baseUrl, context);
    if (role.email) await client.signIn();
    return client;
  }

  get host(): string {
    return new URL(this.baseUrl).host;
  }

  get sent(): number {
    return [...this.sentBy.values()].reduce((sum, n) => sum + n, 0);
  }

  async close(): Promise<void> {
    await this.context.dispose();
  }

  /** Like a browser: the form posted from this site, then the session cookie kept. */
  async signIn(): Promise<void> {
    const email = this.role.email;
    if (!email) return;
    this.signIns += 1;
    const response = await this.context.post("/login", {
      form: { email, password: demoPassword, redirectTo: "" },
      headers: { origin: this.baseUrl },
      maxRedirects: 0,
    });
    if (response.status() !== 302) throw new Error(`${email} could not sign in: ${response.status()} ${await response.text()}`);
    const { cookies } = await this.context.storageState();
    this.cookieHeader = cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  }

  /** The session's Cookie header, for requests written by hand. */
  get cookie(): string {
    return this.cookieHeader;
  }

  async fetch(
    kind: string,
    sent: Sent,
    options: { headers?: Record<string, string>; body?: string | Buffer; wantBody?: boolean } = {},
  ): Promise<Answer | undefined> {
    try {
      const response = await this.context.fetch(sent.url, {
        method: sent.method,
        headers: options.headers,
        data: options.body,
        maxRedirects: 0,
        failOnStatusCode: false,
        timeout: requestTimeoutMs,
      });
      const headers = response.headers();
      const answer: Answer = { status: response.status(), location: headers.location, contentType: headers["content-type"] };
      if (options.wantBody && answer.status === 200 && answer.contentType?.startsWith("text/html")) answer.body = await response.text();
      else await response.dispose();
      await this.record(kind, sent, answer);
      return answer;
    } catch (error) {
      await this.record(kind, sent, { failure: error instanceof Error ? error.message.split("\n")[0]! : String(error) });
      return undefined;
    }
  }

  /** Writes `head` (request line and headers, CRLF-separated, no final blank line) and `body` as given. */
  async raw(kind: string, sent: Sent, head: string, body: string | Buffer = ""): Promise<void> {
    await this.record(kind, sent, await exchangeRaw(new URL(this.baseUrl), Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), Buffer.from(body)])));
  }

  private async record(kind: string, sent: Sent, answer: Answer | { failure: string }) {
    this.sentBy.set(kind, (this.sentBy.get(kind) ?? 0) + 1);
    if ("failure" in answer) {
      this.findings.push({ role: this.role.name, ...sent, outcome: answer.failure });
      return;
    }
    if (answer.status >= 500) this.findings.push({ role: this.role.name, ...sent, outcome: String(answer.status) });
    if (this.role.email && isSignInRedirect(answer)) await this.signInOnce();
  }

  /** Requests in flight may all find the session gone; one sign-in serves them all. */
  private async signInOnce() {
    this.signingIn ??= this.signIn().finally(() => {
      this.signingIn = undefined;
    });
    await this.signingIn;
  }
}

function isSignInRedirect(answer: Answer) {
  if (answer.status < 300 || answer.status >= 400 || !answer.location) return false;
  return new URL(answer.location, "http://x").pathname === "/login";
}

/** One request on its own connection; the answer's status line is all we read. */
function exchangeRaw(base: URL, bytes: Buffer): Promise<Answer | { failure: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: base.hostname === "localhost" ? "127.0.0.1" : base.hostname, port: Number(base.port) });
    let received = "";
    const finish = (result: Answer | { failure: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ failure: `no answer within ${requestTimeoutMs / 1000} s` }), requestTimeoutMs);
    socket.on("connect", () => socket.write(bytes));
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      const line = received.split("\r\n", 2);
      if (line.length < 2) return;
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(line[0]!);
      finish(status ? { status: Number(status[1]) } : { failure: `not an HTTP answer: ${JSON.stringify(line[0]!.slice(0, 60))}` });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => finish({ failure: `connection error ${error.code ?? error.message}` }));
    socket.on("close", () => finish({ failure: closedWithoutAnswer }));
  });
}
