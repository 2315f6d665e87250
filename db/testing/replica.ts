import { execFile } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { databaseUrlFor } from "./postgres-admin";

const run = promisify(execFile);

/** The binaries of the server's major version (Debian's pg_ctl is not on PATH; PG_CTL names another). */
const pgCtl = process.env.PG_CTL ?? "/usr/local/bin/pg_ctl";
const pgBasebackup = process.env.PG_BASEBACKUP ?? "/usr/bin/pg_basebackup";

export interface StreamingReplica {
  /** The replica server's URL; pick a database with databaseUrlFor. */
  serverUrl: string;
  /** Returns once the replica has replayed everything the primary had written when it was called. */
  caughtUp(): Promise<void>;
  /** Stops the replica's server and deletes its data directory. */
  stop(): Promise<void>;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

/**
 * A second Postgres cluster streaming from the server `primaryUrl` names: a
 * pg_basebackup of it (with standby.signal and primary_conninfo, `-R`), started as a
 * hot standby on `port`. The primary must allow replication connections (pg_hba.conf:
 * `host replication all 127.0.0.1/32 …`; CI adds it in .ci/run).
 *
 * pg_ctl refuses to run as root; as root the cluster is handed to the `postgres` user.
 */
export async function startStreamingReplica(primaryUrl: string, port: number): Promise<StreamingReplica> {
  const primary = new URL(primaryUrl);
  const dir = mkdtempSync(join(tmpdir(), "hourbook-replica-"));
  const asRoot = userInfo().uid === 0;
  const pgCtlAs = (args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", pgCtl, ...args]) : run(pgCtl, args));
  let started = false;
  const stop = async () => {
    try {
      if (started) await pgCtlAs(["-D", dir, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(primary.password) };
    await run(
      pgBasebackup,
      ["-h", primary.hostname, "-p", primary.port || "5432", "-U", decodeURIComponent(primary.username) || "postgres", "-D", dir, "-X", "stream", "-c", "fast", "-R"],
      { env },
    );
    // Debian keeps a cluster's configuration in /etc; this one carries its own.
    writeFileSync(
      join(dir, "postgresql.conf"),
      `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nhot_standby = on\nfsync = off\n`,
    );
    writeFileSync(join(dir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    if (asRoot) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const { stdout: group } = await run("id", ["-g", "postgres"]);
      chownTree(dir, Number(stdout.trim()), Number(group.trim()));
    }
    chmodSync(dir, 0o700);
    await pgCtlAs(["-D", dir, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
    started = true;
  } catch (error) {
    await stop();
    throw error;
  }

  const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    serverUrl,
    async caughtUp() {
      const source = postgres(primaryUrl, { max: 1, onnotice: () => undefined });
      const replica = postgres(databaseUrlFor(serverUrl, "postgres"), { max: 1, onnotice: () => undefined });
      try {
        const [mark] = await source<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
        // The standby tells us when it has replayed past the mark; each poll is one round trip.
        for (;;) {
          const [replayed] = await replica<{ done: boolean }[]>`select pg_last_wal_replay_lsn() >= ${mark!.lsn}::pg_lsn as done`;
          if (replayed?.done) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await Promise.all([source.end(), replica.end()]);
      }
    },
    stop,
  };
}
