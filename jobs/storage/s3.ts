import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, paginateListObjectsV2, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { PassThrough, type Readable } from "node:stream";
import type { Config } from "../../platform/config";
import { checkedKey, type FileStorage } from "./files";

export type S3Settings = Pick<Config, "S3_ENDPOINT" | "S3_REGION" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY" | "S3_FORCE_PATH_STYLE">;

/**
 * A client for S3_* settings. Without keys the SDK's default chain applies (an
 * instance role, AWS_PROFILE, …). Checksums only where the API requires them:
 * self-hosted servers store a streamed body's checksum framing as its content.
 */
export function s3ClientFor(settings: Partial<S3Settings>): S3Client {
  return new S3Client({
    endpoint: settings.S3_ENDPOINT,
    region: settings.S3_REGION,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE ?? false,
    credentials:
      settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY }
        : undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/**
 * Files as objects of one bucket, under their keys. A write streams through a
 * multipart upload (8 MiB parts, two in flight: memory stays flat whatever the
 * file's size); the object appears only when the upload completes, and a failed
 * `fill` destroys the stream, which makes the SDK abort the multipart upload so
 * no parts are left behind.
 */
export function s3FileStorage(options: { client: S3Client; bucket: string }): FileStorage {
  const { client, bucket: Bucket } = options;
  return {
    async write(key, fill) {
      const body = new PassThrough();
      const upload = new Upload({ client, params: { Bucket, Key: checkedKey(key), Body: body }, partSize: 8 * 1024 * 1024, queueSize: 2 });
      const uploaded = upload.done();
      // A failed upload must fail `fill` too, or it would wait forever on a full stream.
      uploaded.catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
      try {
        await fill(body);
        body.end();
      } catch (error) {
        body.destroy(error instanceof Error ? error : new Error(String(error)));
        await uploaded.catch(() => undefined);
        throw error;
      }
      await uploaded;
    },
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: checkedKey(key) }));
        return (object.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkedKey(key) }));
    },
    async *list(prefix) {
      for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix: `${checkedKey(prefix)}/` })) {
        for (const object of page.Contents ?? []) {
          if (object.Key && object.LastModified) yield { key: object.Key, modifiedAt: object.LastModified };
        }
      }
    },
  };
}
