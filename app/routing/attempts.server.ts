import type { AppLoadContext } from "@remix-run/node";
import { rejected } from "./forms.server";
import { longest } from "../kernel/accounts/rate-limit.server";

/**
 * Rate limits for sign-in and its second factor, sign-up, password reset and
 * invitation acceptance: RATE_LIMIT_ATTEMPTS per email (or person) and
 * RATE_LIMIT_IP_ATTEMPTS per client IP within the window. Callers answer 429 with Retry-After while blocked.
 */
export interface AttemptSubject {
  action: "sign-in" | "sign-up" | "password-reset" | "invitation" | "second-factor";
  email?: string;
  /** For a step taken by a known person (the second factor): counted per person, as an email is. */
  userId?: string;
}

function keysOf(context: AppLoadContext, subject: AttemptSubject) {
  const person = subject.userId ?? subject.email?.toLowerCase();
  return {
    ip: [`${subject.action}:${context.clientIp ?? "unknown"}`],
    email: person ? [`${subject.action}:${person}`] : [],
  };
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

/** Count one attempt at an action limited per attempt (not per failure): null when it may go ahead, else seconds to wait. */
export async function admitAttempt(context: AppLoadContext, subject: AttemptSubject): Promise<number | null> {
  const keys = keysOf(context, subject);
  const { ip, email } = context.auth.limits;
  return longest(await ip.admit(keys.ip), await email.admit(keys.email));
}

export async function clearAttempts(context: AppLoadContext, subject: AttemptSubject): Promise<void> {
  for (const key of keysOf(context, subject).email) await context.auth.limits.email.reset(key);
}

export function tooManyAttemptsMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. For your security, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The 429 a limited form answers with: the reason on the form, and when to try again. */
export function tooManyAttempts(submission: Parameters<typeof rejected>[0], seconds: number) {
  return rejected(submission, { formErrors: [tooManyAttemptsMessage(seconds)], status: 429, headers: { "Retry-After": String(seconds) } });
}
