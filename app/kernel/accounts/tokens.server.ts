import { createHash, randomBytes } from "node:crypto";

/** 256 bits of randomness, URL-safe: session ids, invitation and reset links. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores instead of a token; a leaked table holds no usable link. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
