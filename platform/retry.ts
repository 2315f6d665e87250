import { setTimeout as sleep } from "node:timers/promises";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; each later wait doubles, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export class GaveUpError extends Error {
  constructor(
    readonly what: string,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    super(`Gave up on ${what} after ${attempts} attempts: ${reason}`);
    this.name = "GaveUpError";
  }
}

/**
 * Try `attempt` until it succeeds or the policy's tries run out. For start-up only:
 * a database or Redis still booting beside the app (a deploy, a restarted machine)
 * should delay the start, not fail it; one that stays away should stop it, with a
 * message saying what was tried, rather than leave a process that answers nothing.
 */
export async function retryWithBackoff<T>(
  what: string,
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  onRetry: (info: { attempt: number; delayMs: number; error: unknown }) => void = () => undefined,
): Promise<T> {
  let delayMs = policy.firstDelayMs;
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tried >= policy.attempts) throw new GaveUpError(what, tried, error);
      onRetry({ attempt: tried, delayMs, error });
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
    }
  }
}
