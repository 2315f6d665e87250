import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * scrypt at OWASP's recommended minimum (N=2^17, r=8, p=1; 128 MiB, ~0.4 s here).
 * The stored string records its parameters, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`,
 * so they can be raised later: old hashes still verify, and `needsRehash` tells
 * sign-in to store a stronger one.
 */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

export const owaspScryptParams: ScryptParams = { ln: 17, r: 8, p: 1 };

const keyLength = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.ln,
    r: params.r,
    p: params.p,
    maxmem: 256 * 2 ** params.ln * params.r * params.p,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const formatPattern = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function parse(stored: string) {
  const match = formatPattern.exec(stored);
  if (!match) return undefined;
  const [, ln, r, p, salt, hash] = match;
  return {
    params: { ln: Number(ln), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt!, "base64"),
    hash: Buffer.from(hash!, "base64"),
  };
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string | null): Promise<boolean>;
  needsRehash(stored: string): boolean;
}

export function createPasswordHasher(params: ScryptParams = owaspScryptParams): PasswordHasher {
  // Verifying against this when there is no account makes "no such email" take as
  // long as "wrong password", so timing doesn't reveal who has an account.
  let decoy: Promise<string> | undefined;

  const hash = async (password: string) => {
    const salt = randomBytes(16);
    const key = await derive(password, salt, params);
    return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
  };

  return {
    hash,
    async verify(password, stored) {
      const parsed = stored ? parse(stored) : undefined;
      if (!parsed) {
        decoy ??= hash("decoy password for timing");
        const fake = parse(await decoy)!;
        await derive(password, fake.salt, fake.params);
        return false;
      }
      const key = await derive(password, parsed.salt, parsed.params);
      return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
    },
    needsRehash(stored) {
      const parsed = parse(stored);
      return !parsed || parsed.params.ln < params.ln || parsed.params.r < params.r || parsed.params.p < params.p;
    },
  };
}
