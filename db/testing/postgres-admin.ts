import { randomUUID } from "node:crypto";
import postgres from "postgres";

/** `postgres://…/anything` → the same server, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A connection for creating and dropping test databases on the server DATABASE_URL names. */
export function adminConnection(serverUrl: string) {
  return postgres(serverUrl, { max: 1, onnotice: () => undefined });
}

/**
 * An empty database of its own on the server `serverUrl` names, for a bench or a
 * one-off run (the prefix says which, should one be left behind); `drop` removes it
 * even while connections remain.
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = "hourbook_bench",
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = adminConnection(serverUrl);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return {
    name,
    url: databaseUrlFor(serverUrl, name),
    async drop() {
      const dropper = adminConnection(serverUrl);
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
