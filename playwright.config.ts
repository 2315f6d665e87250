import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { billingBaseUrl } from "./e2e/billing-env";
import { robustnessBaseUrl, robustnessServerEnv } from "./e2e/robustness-env";

const port = Number(process.env.E2E_PORT ?? 3100);
// A fresh embedded database per run, so specs start from the demo data and nothing else.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "hourbook-e2e-"));

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // Sign-up, sign-in and invitation acceptance hash a password at OWASP's cost
  // (~0.4 s alone, several seconds on a busy 2-core CI machine).
  expect: { timeout: 10_000 },
  // A journey signs in two or three people and submits several password forms; on a
  // 2-core CI machine running three servers, scrypt alone can take most of 30 s.
  timeout: 90_000,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not available here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "npm run build && node build/server/index.js",
      url: `http://localhost:${port}/healthz`,
      timeout: 240_000,
      reuseExistingServer: false,
      // Test mode: production error pages and plain-HTTP cookies, plus the development
      // mailbox that journeys read invitation links from.
      env: {
        NODE_ENV: "test",
        LOG_LEVEL: "warn",
        // Every spec signs in from 127.0.0.1; the per-email limit (5) is what the lockout spec checks.
        RATE_LIMIT_IP_ATTEMPTS: "1000",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        REDIS_URL: "",
      },
    },
    {
      // The billing journey's server (e2e/billing.spec.ts): billing configured against a
      // local Stripe stand-in, on its own port and data; it runs the build the entry above made.
      command: "npx tsx e2e/billing-server.ts",
      url: `${billingBaseUrl}/healthz`,
      timeout: 180_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      env: { DATA_DIR: mkdtempSync(join(tmpdir(), "hourbook-e2e-billing-")) },
    },
    {
      // The robustness crawl's server (e2e/robustness.spec.ts), on its own port and data.
      // Playwright starts web servers one after another, each once the previous answers
      // its url, so the build the first entry made is there when this one starts.
      command: "node build/server/index.js",
      url: `${robustnessBaseUrl}/healthz`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { ...robustnessServerEnv, DATA_DIR: mkdtempSync(join(tmpdir(), "hourbook-e2e-robustness-")) },
      // Its error log (stdout, errors only) explains a finding; stderr carries only the
      // router's "No routes matched" warning for each of the crawl's made-up paths.
      stdout: "pipe",
      stderr: "ignore",
    },
  ],
});
