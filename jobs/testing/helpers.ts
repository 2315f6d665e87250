import { pino } from "pino";

/** Tests are silent unless LOG_LEVEL asks otherwise (as the server's logger is). */
export const testLogger = pino({ level: process.env.LOG_LEVEL ?? "silent" });

type Pending = undefined | null | false;

/** Poll until `check` returns something other than undefined, null or false; fail after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | Pending> | T | Pending, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A promise with its resolve function, for processors that wait until the test lets them go. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
