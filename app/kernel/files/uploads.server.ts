import { createHash, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type";
import type { FileStorage } from "../../../jobs/storage/files";

/**
 * Files people upload (receipts, avatars, imports), kept in the product's storage
 * (a folder, or the shared bucket) under the company's own prefix. What a file is
 * comes from its first bytes, never from its name or the browser's word; each kind
 * has its types and its size limit. The body streams from the request to storage:
 * only the first 4 KiB (for sniffing) and one chunk at a time are ever in memory.
 * A refused or broken upload leaves no file behind (storage writes are all or
 * nothing).
 *
 * The caller decides who may upload what (a permission check in the route) and
 * keeps the returned key on its own row; reads go through `openUpload`, which
 * refuses a key of another company's.
 */
export const uploadKinds = {
  receipt: { maxBytes: 10 * 1024 * 1024, types: ["image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"] },
  avatar: { maxBytes: 2 * 1024 * 1024, types: ["image/jpeg", "image/png", "image/webp"] },
  import: {
    maxBytes: 50 * 1024 * 1024,
    types: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  },
} as const satisfies Record<string, { maxBytes: number; types: readonly string[] }>;

export type UploadKind = keyof typeof uploadKinds;

export interface StoredUpload {
  /** Where the file is, under `uploads/<company>/<kind>/`: keep it on the row the file belongs to. */
  key: string;
  /** The type its content shows (text/csv for UTF-8 text without control characters). */
  contentType: string;
  bytes: number;
  /** Hex SHA-256 of the content, e.g. to notice the same receipt twice. */
  sha256: string;
}

export type UploadRefusal =
  | { reason: "empty"; message: string }
  | { reason: "too-large"; message: string; maxBytes: number }
  | { reason: "type-not-allowed"; message: string; allowed: readonly string[] };

export type UploadResult = { ok: true; upload: StoredUpload } | ({ ok: false } & UploadRefusal);

const extensions: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/heic": "heic",
  "application/pdf": "pdf",
  "text/csv": "csv",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

const names: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "application/pdf": "PDF",
  "text/csv": "CSV",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
};

const withArticle = (kind: string) => `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Raised inside the storage write to abandon it; turned into a refusal, never seen by callers. */
class Refused extends Error {
  constructor(readonly refusal: UploadRefusal) {
    super(refusal.message);
  }
}

/** As much of the start as file-type needs to recognise the formats it knows. */
const sniffBytes = 4100;

/** Tab, LF and CR are text; every other control byte means binary. */
const isControlByte = (byte: number) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;

/** UTF-8 text with no control characters but tab, CR and LF: what a CSV file is. */
function isText(head: Buffer, complete: boolean): boolean {
  if (head.some(isControlByte)) return false;
  try {
    // Streaming: a sample cut in the middle of a character is still text.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

async function sniff(head: Buffer, complete: boolean): Promise<string | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return isText(head, complete) ? "text/csv" : null;
}

/**
 * Stores an upload of `kind` for the company, or says why not. `body` is the
 * request's file part (any async iterable of bytes: a Node stream, a web stream,
 * Remix's upload handler's `data`). `declaredBytes` (Content-Length, when known)
 * refuses a file that is too large before a byte is read.
 */
export async function storeUpload(
  files: FileStorage,
  upload: { companyId: string; kind: UploadKind; body: AsyncIterable<Uint8Array> | Readable; declaredBytes?: number },
): Promise<UploadResult> {
  const rules = uploadKinds[upload.kind];
  const tooLarge: UploadRefusal = {
    reason: "too-large",
    message: `The file is larger than ${megabytes(rules.maxBytes)}, the limit for ${withArticle(upload.kind)}.`,
    maxBytes: rules.maxBytes,
  };
  if (upload.declaredBytes !== undefined && upload.declaredBytes > rules.maxBytes) return { ok: false, ...tooLarge };

  const chunks = (upload.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let complete = false;
  while (headBytes < sniffBytes) {
    const next = await chunks.next();
    if (next.done) {
      complete = true;
      break;
    }
    headChunks.push(Buffer.from(next.value));
    headBytes += next.value.byteLength;
  }
  const head = Buffer.concat(headChunks);
  if (head.length === 0) return { ok: false, reason: "empty", message: "The file is empty." };
  if (head.length > rules.maxBytes) return { ok: false, ...tooLarge };

  const contentType = await sniff(head, complete);
  const allowed: readonly string[] = rules.types;
  if (!contentType || !allowed.includes(contentType)) {
    await chunks.return?.();
    return {
      ok: false,
      reason: "type-not-allowed",
      message: `${capitalized(withArticle(upload.kind))} must be ${allowed.map((type) => names[type]).join(", ").replace(/, ([^,]*)$/, " or $1")}; this file is ${contentType ? names[contentType] ?? contentType : "of another type"}.`,
      allowed,
    };
  }

  const key = `uploads/${upload.companyId}/${upload.kind}/${randomUUID()}.${extensions[contentType]}`;
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    await files.write(key, async (output) => {
      const send = (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > rules.maxBytes) throw new Refused(tooLarge);
        hash.update(chunk);
        return output.write(chunk) ? undefined : new Promise<void>((resolve) => output.once("drain", () => resolve()));
      };
      await send(head);
      if (complete) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) await send(Buffer.from(next.value));
    });
  } catch (error) {
    if (error instanceof Refused) {
      await chunks.return?.();
      return { ok: false, ...error.refusal };
    }
    throw error;
  }
  return { ok: true, upload: { key, contentType, bytes, sha256: hash.digest("hex") } };
}

/** Whether a key is one of the company's uploads: anything else is never opened for it. */
export function isCompanyUpload(companyId: string, key: string): boolean {
  return key.startsWith(`uploads/${companyId}/`) && !key.includes("..");
}

/** The upload's content, or null when it isn't there or isn't the company's. */
export async function openUpload(files: FileStorage, companyId: string, key: string): Promise<Readable | null> {
  return isCompanyUpload(companyId, key) ? files.read(key) : null;
}

/** Deletes one of the company's uploads (a no-op for a key that isn't). */
export async function removeUpload(files: FileStorage, companyId: string, key: string): Promise<void> {
  if (isCompanyUpload(companyId, key)) await files.remove(key);
}
