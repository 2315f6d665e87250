// Bundles our own entry points (the HTTP server, the job worker, the database and audit CLIs) next to
// Remix's build. Packages stay external: production installs them with npm ci.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

await build({
  entryPoints: { index: "server/index.ts", worker: "jobs/worker.ts", "db-cli": "db/cli.ts", "audit-cli": "db/audit-cli.ts" },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});

// GET /version reads this (server/version.ts). A Docker build has no .git: pass SOURCE_COMMIT.
function commit() {
  if (/^[0-9a-f]{7,40}$/i.test(process.env.SOURCE_COMMIT ?? "")) return process.env.SOURCE_COMMIT;
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}
mkdirSync("build", { recursive: true });
writeFileSync("build/version.json", `${JSON.stringify({ commit: commit(), builtAt: new Date().toISOString() })}\n`);
