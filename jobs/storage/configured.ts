import { join } from "node:path";
import type { Config } from "../../platform/config";
import { localFileStorage, type FileStorage } from "./files";
import { s3ClientFor, s3FileStorage } from "./s3";

export type StorageConfig = Pick<Config, "DATA_DIR" | "S3_BUCKET" | "S3_ENDPOINT" | "S3_REGION" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY" | "S3_FORCE_PATH_STYLE">;

/**
 * The product's storage for a configuration: the bucket when S3_BUCKET is set,
 * which every web and worker process shares; else DATA_DIR/files, which only
 * processes on one machine share.
 */
export function configuredFileStorage(config: Pick<Config, "DATA_DIR"> & Partial<StorageConfig>): FileStorage {
  if (config.S3_BUCKET) return s3FileStorage({ client: s3ClientFor(config), bucket: config.S3_BUCKET });
  return localFileStorage(join(config.DATA_DIR, "files"));
}
