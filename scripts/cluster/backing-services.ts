/**
 * The cluster test's own Postgres, Redis and S3, on ports of its choosing, in a
 * temporary folder: it restarts them on purpose, so it never touches a server
 * anyone else uses. `stop` removes everything, and is safe to call twice.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestS3Server, type TestS3Server } from "../../jobs/testing/s3";

export interface BackingServices {
  databaseUrl: string;
  redisUrl: string;
  s3: TestS3Server["config"];
  stopPostgres(): void;
  startPostgres(): void;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  stop(): Promise<void>;
}

/** Postgres refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgresUser(command: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  const result = isRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
    : spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.stdout || result.error?.message}`);
  return result.stdout;
}

export async function startBackingServices(ports: { postgres: number; redis: number; s3: number }): Promise<BackingServices> {
  const root = mkdtempSync(join(tmpdir(), "hourbook-cluster-"));
  const pgData = join(root, "postgres");
  const redisDir = join(root, "redis");
  mkdirSync(pgData);
  mkdirSync(redisDir);
  if (process.getuid?.() === 0) {
    chmodSync(root, 0o755);
    chownSync(pgData, Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim()), Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim()));
  }
  // Durability traded for speed: the test restarts the server cleanly, never pulls the plug.
  const pgOptions = `-p ${ports.postgres} -k ${pgData} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=120`;
  const startPostgres = () => asPostgresUser("pg_ctl", ["-D", pgData, "-o", pgOptions, "-l", join(pgData, "server.log"), "-w", "-t", "60", "start"]);
  const stopPostgres = () => asPostgresUser("pg_ctl", ["-D", pgData, "-m", "fast", "-w", "-t", "60", "stop"]);
  try {
    asPostgresUser("initdb", ["-D", pgData, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
    startPostgres();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  let postgresRunning = true;

  // An append-only file, so a restart keeps the queues as a managed Redis would.
  let redis: ChildProcess | undefined;
  const startRedis = async () => {
    redis = spawn("redis-server", ["--port", String(ports.redis), "--bind", "127.0.0.1", "--dir", redisDir, "--appendonly", "yes", "--save", ""], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    redis.stdout!.setEncoding("utf8");
    await new Promise<void>((resolve, reject) => {
      redis!.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
      redis!.stdout!.on("data", (chunk: string) => {
        output += chunk;
        if (output.includes("Ready to accept connections")) resolve();
      });
    });
  };
  const stopRedis = async () => {
    if (!redis || redis.exitCode !== null) return;
    const exited = once(redis, "exit");
    redis.kill("SIGTERM");
    await exited;
  };
  let s3: TestS3Server;
  try {
    await startRedis();
    s3 = await startTestS3Server({ port: ports.s3, bucket: "hourbook-cluster" });
  } catch (error) {
    // Half started: stop what did start, or a daemon would outlive the test.
    await stopRedis().catch(() => undefined);
    stopPostgres();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    databaseUrl: `postgres://postgres@127.0.0.1:${ports.postgres}/hourbook`,
    redisUrl: `redis://127.0.0.1:${ports.redis}`,
    s3: s3.config,
    startPostgres() {
      startPostgres();
      postgresRunning = true;
    },
    stopPostgres() {
      stopPostgres();
      postgresRunning = false;
    },
    startRedis,
    stopRedis,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopRedis().catch(() => undefined);
      await s3.close().catch(() => undefined);
      if (postgresRunning) {
        try {
          stopPostgres();
        } catch {
          // Already gone; the folder goes regardless.
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Creates the test's database on its own server (the server's template, as `createdb` would). */
export function createDatabase(port: number, name: string) {
  asPostgresUser("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]);
}
