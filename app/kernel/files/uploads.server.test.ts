import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configuredFileStorage } from "../../../jobs/storage/configured";
import type { FileStorage } from "../../../jobs/storage/files";
import { startTestS3Server, type TestS3Server } from "../../../jobs/testing/s3";
import { openUpload, removeUpload, storeUpload, uploadKinds } from "./uploads.server";

/** Uploads on both storage backends: the folder, and a bucket on a local s3rver. */
const folder = mkdtempSync(join(tmpdir(), "hourbook-uploads-"));
let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startTestS3Server();
});
afterAll(async () => {
  await s3?.close();
  rmSync(folder, { recursive: true, force: true });
});

const companyA = "0b9a3c52-6a0e-4d4e-9f57-8f3e1d1c0a01";
const companyB = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e02";

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
const windowsProgram = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);

/** A body arriving in chunks of `size` bytes, as a request's would. */
function chunked(content: Buffer, size = 1000): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < content.length; at += size) parts.push(content.subarray(at, at + size));
  return Readable.from(parts);
}

/** `total` bytes of CSV, made as they are read: the test holds no more of it than the module does. */
async function* csvOf(total: number): AsyncGenerator<Uint8Array> {
  const line = Buffer.from("2026-12-07,Website relaunch,Design review,7.5,\"Notes, with a comma\"\n");
  yield Buffer.from("date,project,task,hours,notes\n");
  for (let sent = 0; sent < total; sent += line.length) yield line;
}

async function keysOf(files: FileStorage, companyId: string) {
  const keys: string[] = [];
  for await (const file of files.list(`uploads/${companyId}`)) keys.push(file.key);
  return keys;
}

const backends: [string, () => FileStorage][] = [
  ["a local folder", () => configuredFileStorage({ DATA_DIR: folder })],
  ["an S3 bucket", () => configuredFileStorage({ DATA_DIR: folder, ...s3.config })],
];

describe.each(backends)("uploads in %s", (_name, storage) => {
  let files: FileStorage;
  beforeAll(() => {
    files = storage();
  });

  it("keeps a receipt by what its bytes are, under the company's prefix, whatever it was called", async () => {
    const stored = await storeUpload(files, { companyId: companyA, kind: "receipt", body: chunked(pdf, 7) });
    expect(stored).toMatchObject({ ok: true, upload: { contentType: "application/pdf", bytes: pdf.length } });
    if (!stored.ok) return;
    expect(stored.upload.key).toMatch(new RegExp(`^uploads/${companyA}/receipt/[0-9a-f-]{36}\\.pdf$`));
    expect(await buffer((await openUpload(files, companyA, stored.upload.key))!)).toEqual(pdf);

    const avatar = await storeUpload(files, { companyId: companyA, kind: "avatar", body: chunked(png) });
    expect(avatar).toMatchObject({ ok: true, upload: { contentType: "image/png" } });
  });

  it("refuses a type the kind doesn't take, and says which it does", async () => {
    expect(await storeUpload(files, { companyId: companyB, kind: "receipt", body: chunked(windowsProgram) })).toEqual({
      ok: false,
      reason: "type-not-allowed",
      message: "A receipt must be JPEG, PNG, WebP, HEIC or PDF; this file is application/x-msdownload.",
      allowed: uploadKinds.receipt.types,
    });
    // A spreadsheet's text is no photo, whatever the browser says.
    expect(await storeUpload(files, { companyId: companyB, kind: "avatar", body: chunked(Buffer.from("date,hours\n")) })).toMatchObject({
      ok: false,
      reason: "type-not-allowed",
      message: "An avatar must be JPEG, PNG or WebP; this file is CSV.",
    });
    // Binary that isn't a known format is no CSV.
    expect(await storeUpload(files, { companyId: companyB, kind: "import", body: chunked(Buffer.from([0x64, 0x61, 0x00, 0x01, 0x02])) })).toMatchObject({
      ok: false,
      reason: "type-not-allowed",
      message: "An import must be CSV or Excel (.xlsx); this file is of another type.",
    });
    expect(await storeUpload(files, { companyId: companyB, kind: "receipt", body: chunked(Buffer.alloc(0)) })).toEqual({
      ok: false,
      reason: "empty",
      message: "The file is empty.",
    });
    expect(await keysOf(files, companyB)).toEqual([]);
  });

  it("streams a large import through, and refuses one over the limit without leaving any of it", async () => {
    const stored = await storeUpload(files, { companyId: companyA, kind: "import", body: csvOf(12 * 1024 * 1024) });
    expect(stored).toMatchObject({ ok: true, upload: { contentType: "text/csv" } });
    if (stored.ok) expect(stored.upload.bytes).toBeGreaterThan(12 * 1024 * 1024);

    const before = await keysOf(files, companyA);
    const refused = await storeUpload(files, { companyId: companyA, kind: "import", body: csvOf(uploadKinds.import.maxBytes + 1) });
    expect(refused).toMatchObject({ ok: false, reason: "too-large", message: "The file is larger than 50 MB, the limit for an import.", maxBytes: uploadKinds.import.maxBytes });
    expect(await keysOf(files, companyA)).toEqual(before);

    // A declared length over the limit is refused before anything is read.
    const untouched = csvOf(10);
    expect(await storeUpload(files, { companyId: companyA, kind: "avatar", body: untouched, declaredBytes: uploadKinds.avatar.maxBytes + 1 })).toMatchObject({ reason: "too-large" });
    expect((await untouched.next()).value).toEqual(Buffer.from("date,project,task,hours,notes\n"));
  });

  it("opens and removes a company's uploads for that company only", async () => {
    const stored = await storeUpload(files, { companyId: companyA, kind: "avatar", body: chunked(png) });
    if (!stored.ok) throw new Error(stored.message);
    expect(await openUpload(files, companyB, stored.upload.key)).toBeNull();
    await removeUpload(files, companyB, stored.upload.key);
    expect(await openUpload(files, companyA, stored.upload.key)).not.toBeNull();
    expect(await openUpload(files, companyA, `uploads/${companyA}/../${companyB}/avatar/x.png`)).toBeNull();
    await removeUpload(files, companyA, stored.upload.key);
    expect(await openUpload(files, companyA, stored.upload.key)).toBeNull();
  });
});
