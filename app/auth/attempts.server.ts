import type { AppLoadContext } from "@remix-run/node";

/**
 * Rate limits for sign-in, sign-up, password reset and invitation acceptance:
 * RATE_LIMIT_ATTEMPTS per email and RATE_LIMIT_IP_ATTEMPTS per client IP within
 * the window. Callers answer 429 with Retry-After while blocked.
 */
export interface AttemptSubject {
  action: "sign-in" | "sign-up" | "password-reset" | "invitation";
  email?: string;
}

function keysOf(context: AppLoadContext, subject: AttemptSubject) {
  return {
    ip: [`${subject.action}:${context.clientIp ?? "unknown"}`],
    email: subject.email ? [`${subject.action}:${subject.email.toLowerCase()}`] : [],
  };
}

function longest(...waits: (number | null)[]): number | null {
  const blocked = waits.filter((wait): wait is number => wait !== null);
  return blocked.length ? Math.max(...blocked) : null;
}

/** Seconds until the next attempt is allowed, or null. */
export async function attemptsBlockedFor(context: AppLoadContext, subject: AttemptSubject): Promise<number | null> {
  const keys = keysOf(context, subject);
  const { ip, email } = context.auth.limits;
  return longest(await ip.blockedFor(keys.ip), await email.blockedFor(keys.email));
}

/** Count one attempt; returns how long the subject is now blocked, if at all. */
export async function recordAttempt(context: AppLoadContext, subject: AttemptSubject): Promise<number | null> {
  const keys = keysOf(context, subject);
  const { ip, email } = context.auth.limits;
  return longest(await ip.record(keys.ip), await email.record(keys.email));
}

export async function clearAttempts(context: AppLoadContext, subject: AttemptSubject): Promise<void> {
  for (const key of keysOf(context, subject).email) await context.auth.limits.email.reset(key);
}

export function tooManyAttemptsMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. For your security, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export const retryAfter = (seconds: number) => ({ "Retry-After": String(seconds) });
