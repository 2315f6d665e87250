import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";

/**
 * Where files are kept: generated ones (audit and finance exports, scheduled
 * reports' attachments) and uploads (app/kernel/files/uploads.server.ts). The
 * embedded default is a folder; with S3_BUCKET set, an S3-compatible bucket
 * (./s3.ts), which every web and worker process shares.
 */
export interface FileStorage {
  /**
   * Runs `fill` on a fresh output and makes the file visible under `key` only
   * once `fill` has finished: a failure leaves no file, never a truncated one.
   */
  write(key: string, fill: (output: Writable) => Promise<void>): Promise<void>;
  /** The file's content, or null when there is no such file. */
  read(key: string): Promise<Readable | null>;
  /** Removes the file; a missing file is not an error (cleanup may run twice). */
  remove(key: string): Promise<void>;
  /** Every file whose key starts with `prefix/`, with when it was written, for sweeps of old files. */
  list(prefix: string): AsyncIterable<StoredFile>;
}

export interface StoredFile {
  key: string;
  modifiedAt: Date;
}

/** Keys are paths the code builds from ids; anything else is a bug, never a path to follow. */
const keyPattern = /^[a-zA-Z0-9_-]+(\/[a-zA-Z0-9_-][a-zA-Z0-9_.-]*)*$/;

/** The key itself, or a FileKeyError for anything that isn't one. */
export function checkedKey(key: string): string {
  if (!keyPattern.test(key) || key.includes("..")) throw new FileKeyError(key);
  return key;
}

export class FileKeyError extends Error {
  constructor(key: string) {
    super(`Not a storage key: ${JSON.stringify(key)}`);
    this.name = "FileKeyError";
  }
}

/** Files under `root` (DATA_DIR/files in the product). */
export function localFileStorage(root: string): FileStorage {
  const pathOf = (key: string) => join(root, checkedKey(key));
  return {
    async write(key, fill) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Same folder, so the rename is atomic; the suffix keeps two writers apart.
      const temporary = `${path}.${randomUUID()}.part`;
      const output = createWriteStream(temporary);
      try {
        await fill(output);
        output.end();
        await finished(output);
        await rename(temporary, path);
      } catch (error) {
        // Wait for the stream to close: it opens its file asynchronously, and a
        // late open after the rm would leave the temporary file behind.
        if (!output.closed) {
          // A write still in flight fails with ERR_STREAM_DESTROYED: expected here, and
          // not the error to report (nor a reason to skip removing the file).
          output.on("error", () => undefined);
          const closed = new Promise<void>((resolve) => output.once("close", () => resolve()));
          output.destroy();
          await closed;
        }
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async read(key) {
      const path = pathOf(key);
      const found = await stat(path).catch(() => null);
      return found?.isFile() ? createReadStream(path) : null;
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list(prefix) {
      const folder = pathOf(prefix);
      const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      });
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        // Gone since the listing (another sweep): nothing to report.
        const found = await stat(path).catch(() => null);
        if (found) yield { key: relative(root, path).split(sep).join("/"), modifiedAt: found.mtime };
      }
    },
  };
}
