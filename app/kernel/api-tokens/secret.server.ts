import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A token's secret: a fixed, recognisable prefix (so secret scanners can find a
 * leaked one, as GitHub's `ghp_` lets them) and 40 base62 characters (about 238 bits).
 */
export const apiTokenPrefix = "hb_pat_";
const secretLength = 40;
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const tokenPattern = new RegExp(`^${apiTokenPrefix}[0-9A-Za-z]{${secretLength}}$`);

export function newApiToken(): string {
  let secret = "";
  while (secret.length < secretLength) {
    for (const byte of randomBytes(secretLength)) {
      // 248 = 4 × 62: dropping the bytes above it keeps every character equally likely.
      if (byte < 248 && secret.length < secretLength) secret += base62[byte % 62];
    }
  }
  return `${apiTokenPrefix}${secret}`;
}

/** Anything else is refused before the database is asked. */
export function looksLikeApiToken(token: string): boolean {
  return tokenPattern.test(token);
}

/** What the database stores: the token can't be recovered from it. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Compared in constant time, so response timing reveals nothing about a stored hash. */
export function sameHash(stored: string, computed: string): boolean {
  const a = Buffer.from(stored, "hex");
  const b = Buffer.from(computed, "hex");
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Enough of the token to tell it apart on a list, far too little to use. */
export function displayPrefix(token: string): string {
  return token.slice(0, apiTokenPrefix.length + 5);
}
