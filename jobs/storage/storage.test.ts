import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestS3Server, type TestS3Server } from "../testing/s3";
import { configuredFileStorage } from "./configured";
import { FileKeyError, type FileStorage } from "./files";
import { s3ClientFor, s3FileStorage } from "./s3";

/**
 * The contract every FileStorage keeps, run on each backend: the embedded folder
 * and an S3-compatible bucket (a local s3rver, started and stopped here).
 */
let s3: TestS3Server;
const folder = mkdtempSync(join(tmpdir(), "hourbook-storage-"));

beforeAll(async () => {
  s3 = await startTestS3Server();
});
afterAll(async () => {
  await s3?.close();
  rmSync(folder, { recursive: true, force: true });
});

const backends: [string, () => FileStorage][] = [
  ["a local folder", () => configuredFileStorage({ DATA_DIR: folder })],
  ["an S3 bucket", () => configuredFileStorage({ DATA_DIR: folder, ...s3.config })],
];

/** Writes `count` copies of `chunk`, waiting whenever the output asks to. */
async function writeRepeated(output: Writable, chunk: Buffer, count: number) {
  for (let i = 0; i < count; i++) {
    if (!output.write(chunk)) await once(output, "drain");
  }
}

async function sha256(stream: Readable | null) {
  const hash = createHash("sha256");
  for await (const chunk of stream!) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function keysUnder(files: FileStorage, prefix: string) {
  const keys: string[] = [];
  for await (const file of files.list(prefix)) keys.push(file.key);
  return keys.sort();
}

const mebibyte = Buffer.alloc(1024 * 1024, "hourbook,");

describe.each(backends)("file storage in %s", (_name, storage) => {
  let files: FileStorage;
  beforeAll(() => {
    files = storage();
  });

  it("reads back what was written, and a second write replaces the first", async () => {
    await files.write("contract/a/one.csv", async (output) => {
      output.write("Date,Hours\n");
      output.write("2026-12-07,8\n");
    });
    expect(await text((await files.read("contract/a/one.csv"))!)).toBe("Date,Hours\n2026-12-07,8\n");
    await files.write("contract/a/one.csv", async (output) => {
      output.write("replaced\n");
    });
    expect(await text((await files.read("contract/a/one.csv"))!)).toBe("replaced\n");
  });

  it("answers null for a file that isn't there, and removing one is not an error", async () => {
    expect(await files.read("contract/missing/none.csv")).toBeNull();
    await expect(files.remove("contract/missing/none.csv")).resolves.toBeUndefined();
  });

  it("streams a file larger than an upload part and reads it back intact", async () => {
    const expected = createHash("sha256");
    for (let i = 0; i < 17; i++) expected.update(mebibyte);
    await files.write("contract/large/seventeen.csv", (output) => writeRepeated(output, mebibyte, 17));
    expect(await sha256(await files.read("contract/large/seventeen.csv"))).toBe(expected.digest("hex"));
    await files.remove("contract/large/seventeen.csv");
    expect(await files.read("contract/large/seventeen.csv")).toBeNull();
  });

  it("leaves no file, nor a trace in listings, when filling fails early or after parts were sent", async () => {
    await expect(
      files.write("contract/failed/early.csv", async (output) => {
        output.write("half a row");
        throw new Error("the query failed");
      }),
    ).rejects.toThrow("the query failed");
    await expect(
      files.write("contract/failed/late.csv", async (output) => {
        await writeRepeated(output, mebibyte, 12);
        throw new Error("the connection dropped");
      }),
    ).rejects.toThrow("the connection dropped");
    await expect(
      files.write("contract/failed/in-flight.csv", async (output) => {
        await new Promise((resolve) => output.write("first row\n", resolve));
        // No wait for this write to land: the failure comes while it is still going out.
        output.write(mebibyte);
        throw new Error("refused mid-write");
      }),
    ).rejects.toThrow("refused mid-write");
    expect(await files.read("contract/failed/in-flight.csv")).toBeNull();
    expect(await files.read("contract/failed/early.csv")).toBeNull();
    expect(await files.read("contract/failed/late.csv")).toBeNull();
    expect(await keysUnder(files, "contract/failed")).toEqual([]);
  });

  it("lists every file under a prefix, at any depth, and nothing beside it", async () => {
    for (const key of ["contract/list/a.csv", "contract/list/deep/b.csv", "contract/list-other/c.csv"]) {
      await files.write(key, async (output) => {
        output.write(key);
      });
    }
    const before = Date.now() - 60_000;
    const listed: { key: string; modifiedAt: Date }[] = [];
    for await (const file of files.list("contract/list")) listed.push(file);
    expect(listed.map((file) => file.key).sort()).toEqual(["contract/list/a.csv", "contract/list/deep/b.csv"]);
    expect(listed.every((file) => file.modifiedAt.getTime() > before)).toBe(true);
    expect(await keysUnder(files, "contract/nothing-here")).toEqual([]);
  });

  it("refuses anything but a key built from ids", async () => {
    for (const key of ["../etc/passwd", "contract/../x", "/absolute", "contract//double", "contract/with space"]) {
      await expect(files.read(key)).rejects.toBeInstanceOf(FileKeyError);
      await expect(files.write(key, async () => undefined)).rejects.toBeInstanceOf(FileKeyError);
    }
  });
});

describe("the S3 backend's multipart upload", () => {
  it("asks the server to abort the upload when filling fails after parts were sent", async () => {
    const client = s3ClientFor(s3.config);
    const sent: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? "");
        return next(args);
      },
      { step: "initialize" },
    );
    const files = s3FileStorage({ client, bucket: s3.config.S3_BUCKET });
    await expect(
      files.write("contract/aborted/big.csv", async (output) => {
        await writeRepeated(output, mebibyte, 12);
        throw new Error("the export failed");
      }),
    ).rejects.toThrow("the export failed");
    expect(sent).toContain("CreateMultipartUploadCommand");
    expect(sent).toContain("AbortMultipartUploadCommand");
    expect(sent).not.toContain("CompleteMultipartUploadCommand");
  });

  it("fails the write, and leaves no file, when the bucket doesn't exist", async () => {
    const files = configuredFileStorage({ DATA_DIR: folder, ...s3.config, S3_BUCKET: "no-such-bucket" });
    await expect(
      files.write("contract/nowhere/a.csv", async (output) => {
        await writeRepeated(output, mebibyte, 12);
      }),
    ).rejects.toThrow();
  });
});
