// Bundles our own entry points (the HTTP server, the job worker, the database and audit CLIs) next to
// Remix's build. Packages stay external: production installs them with npm ci.
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
