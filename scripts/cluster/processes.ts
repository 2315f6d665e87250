/**
 * The built server's processes as production runs them (build/server/index.js and
 * build/server/worker.js), each with its own port or name, and HTTP helpers that
 * count what each web process answered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

export interface ClusterProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or 1 for a signal other than SIGTERM/SIGINT). */
  exited: Promise<number>;
  stop(): Promise<number>;
}

export function startProcess(name: string, script: string, env: Record<string, string>, logPath: string): ClusterProcess {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(logPath, { flags: "a" });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  return {
    name,
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await delay(everyMs);
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
}

/** A browser's cookies, enough for one session: name=value pairs, replaced by each Set-Cookie. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** One web process's address, with a count of the answers it gave (by status). */
export class WebClient {
  readonly answered = new Map<number, number>();
  constructor(
    readonly name: string,
    readonly origin: string,
  ) {}

  get served(): number {
    return [...this.answered.values()].reduce((sum, count) => sum + count, 0);
  }

  async request(path: string, init: { method?: string; form?: Record<string, string | string[]>; jar?: CookieJar; timeoutMs?: number } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (init.jar) headers.cookie = init.jar.header();
    let body: URLSearchParams | undefined;
    if (init.form) {
      body = new URLSearchParams();
      for (const [name, value] of Object.entries(init.form)) for (const one of [value].flat()) body.append(name, one);
      headers.origin = this.origin;
    }
    const response = await fetch(`${this.origin}${path}`, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
    this.answered.set(response.status, (this.answered.get(response.status) ?? 0) + 1);
    init.jar?.store(response);
    return response;
  }

  /** GET /readyz: whether it answers 200, and its checks. */
  async readiness(): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; error?: string }> }> {
    const response = await this.request("/readyz", { timeoutMs: 10_000 });
    const body = (await response.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
    return { ready: response.status === 200, checks: body.checks };
  }
}

