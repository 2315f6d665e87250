import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { S3Config } from "../../platform/config";

export interface TestS3Server {
  /** The settings a process is given to use this server's bucket. */
  config: Required<Pick<S3Config, "S3_BUCKET" | "S3_ENDPOINT" | "S3_REGION" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY">> & { S3_FORCE_PATH_STYLE: true };
  close(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver) on a free port, with one empty bucket and
 * its objects in a temporary folder that `close` deletes. `port` pins it when
 * several processes must be given the same address before it starts.
 */
export async function startTestS3Server(options: { bucket?: string; port?: number } = {}): Promise<TestS3Server> {
  const bucket = options.bucket ?? "hourbook-test";
  const directory = await mkdtemp(join(tmpdir(), "hourbook-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: options.port ?? 0, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  return {
    config: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_REGION: "us-east-1",
      // s3rver's fixed credentials.
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: true,
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
