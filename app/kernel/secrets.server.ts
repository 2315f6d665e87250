import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets the product must read back (identity-provider client secrets, two-factor
 * seeds, webhook signing secrets) are stored sealed with AES-256-GCM under SECRETS_KEY,
 * so a database dump or backup alone does not reveal them.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws `SecretUnreadable` when the value was sealed under another key or altered. */
  open(sealed: string): string;
}

export class SecretUnreadable extends Error {
  constructor() {
    super("A stored secret could not be decrypted: it was sealed under another SECRETS_KEY or altered.");
    this.name = "SecretUnreadable";
  }
}

// The version prefix leaves room for another algorithm or key rotation without
// guessing what an old value is.
const format = "v1";
const ivBytes = 12;

export function createSecretBox(hexKey: string): SecretBox {
  const key = Buffer.from(hexKey, "hex");
  if (key.length !== 32) throw new Error("SECRETS_KEY must be 32 bytes (64 hexadecimal characters)");
  return {
    seal(plaintext) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [format, iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== format || !iv || !tag || body === undefined) throw new SecretUnreadable();
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretUnreadable();
      }
    },
  };
}
