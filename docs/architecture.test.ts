import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The import rules of docs/architecture.md, checked on every module outside tests:
 * imports point down (routes → features → kernel → db), and a feature reaches another
 * only through the kernel, except for the few edges listed below with their reason.
 */
const root = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));

const features = ["time", "reports", "invoices", "billing", "dashboard", "audit", "search"] as const;

/** The only feature-to-feature imports, each a read of another feature's data. */
const allowedFeatureEdges: Record<string, string> = {
  // The dashboard is a page of figures drawn from the other features; nothing depends on it.
  "dashboard -> time": "the dashboard shows this week's hours and timesheets",
};

/** Modules below the product that app code may import: writing jobs, rows and files, not running them. */
const jobsForApp = ["jobs/outbox.ts", "jobs/queues.ts", "jobs/audit-export/write-rows.ts", "jobs/storage/files.ts", "jobs/webhook-events.ts"];

/** Modules outside app/ that import product code on purpose, each for its reason. */
const allowedUpward: Record<string, string> = {
  "db/seed.ts -> app/kernel/accounts/password.server.ts": "demo accounts get passwords hashed as sign-up hashes them",
};

type Layer =
  | { kind: "platform" | "db" | "emails" | "jobs-core" | "kernel" | "routing" | "top" | "test-support" }
  | { kind: "feature"; name: (typeof features)[number] };

// Lower number = lower layer; a module may import its own layer and any lower one.
const rank: Record<Layer["kind"], number> = {
  platform: 0,
  db: 1,
  emails: 2,
  "jobs-core": 3,
  kernel: 4,
  feature: 5,
  // Route helpers are part of the routes' layer: they may use features, nothing below may use them.
  routing: 6,
  top: 7,
  "test-support": 8,
};

// Benchmarks and schema tooling build their own databases and fixtures, as tests do;
// an API resource's contract cases are test code kept beside the resource.
const tooling = /^scripts\/|(^|\/)bench\.ts$|^db\/schema-(snapshot|cli)\.ts$|^app\/api\/([^/]+\/)?contract-cases\.ts$/;

function layerOf(file: string): Layer {
  if (tooling.test(file)) return { kind: "test-support" };
  const [top, second] = file.split("/");
  if (top === "platform") return { kind: "platform" };
  if (top === "db") return file.startsWith("db/testing/") ? { kind: "test-support" } : { kind: "db" };
  if (top === "emails") return { kind: "emails" };
  if (top === "jobs") {
    if (jobsForApp.includes(file)) return { kind: "jobs-core" };
    return file.startsWith("jobs/testing/") ? { kind: "test-support" } : { kind: "top" };
  }
  if (top === "app") {
    if (second === "kernel" || second === "components" || second === "styles") return { kind: "kernel" };
    // The public API's helpers (schemas, endpoint registry, pagination) serve its routes, as routing's do.
    if (second === "routing" || second === "api") return { kind: "routing" };
    if (second === "testing") return { kind: "test-support" };
    const feature = features.find((name) => name === second);
    if (feature) return { kind: "feature", name: feature };
    return { kind: "top" }; // routes, root, entries
  }
  if (top === "e2e") return { kind: "test-support" };
  return { kind: "top" }; // server/ and configuration files
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const extensions = ["", ".ts", ".tsx", "/index.ts"];

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = join("app", specifier.slice(2));
  else if (specifier.startsWith(".")) base = join(dirname(from), specifier);
  else return null; // a package
  for (const extension of extensions) {
    const candidate = normalize(base + extension);
    try {
      if (statSync(join(root, candidate)).isFile()) return relative(".", candidate);
    } catch {
      // not this extension
    }
  }
  throw new Error(`${from}: cannot resolve "${specifier}"`);
}

const importPattern = /(?:^|[^\w.])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const source = readFileSync(join(root, file), "utf8");
  return [...source.matchAll(importPattern)]
    .map((match) => resolveImport(file, match[1] ?? match[2]!))
    .filter((target): target is string => target !== null);
}

function violation(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (allowedUpward[`${from} -> ${to}`]) return null;
  if (b.kind === "test-support" && a.kind !== "test-support") return "imports test support";
  if (b.kind === "top" && a.kind !== "top" && a.kind !== "test-support") return "imports a route, server or job runner";
  if (a.kind === "feature" && b.kind === "feature" && a.name !== b.name && !allowedFeatureEdges[`${a.name} -> ${b.name}`]) {
    return `feature ${a.name} imports feature ${b.name}`;
  }
  if (rank[b.kind] > rank[a.kind]) return `${a.kind} imports ${b.kind}`;
  return null;
}

const modules = ["app", "db", "emails", "jobs", "platform", "server", "scripts"].flatMap(sourceFiles);

describe("imports point downward", () => {
  it("finds the modules it checks", () => {
    expect(modules).toEqual(expect.arrayContaining(["app/kernel/operations.ts", "app/time/entries.server.ts", "db/tenant.ts"]));
  });

  it("no module imports a layer above it, or another feature except through the kernel", () => {
    const violations = modules.flatMap((from) =>
      importsOf(from).flatMap((to) => {
        const reason = violation(from, to);
        return reason ? [`${from} → ${to}: ${reason}`] : [];
      }),
    );
    expect(violations).toEqual([]);
  });

  it("lists no allowed edge that the code no longer needs", () => {
    const used = new Set(
      modules.flatMap((from) =>
        importsOf(from).flatMap((to) => {
          const a = layerOf(from);
          const b = layerOf(to);
          const edges = [`${from} -> ${to}`];
          if (a.kind === "feature" && b.kind === "feature") edges.push(`${a.name} -> ${b.name}`);
          return edges;
        }),
      ),
    );
    const stale = [...Object.keys(allowedFeatureEdges), ...Object.keys(allowedUpward)].filter((edge) => !used.has(edge));
    expect(stale).toEqual([]);
  });

  it("refuses the imports the rules exist for", () => {
    expect(violation("app/kernel/company/company.server.ts", "app/reports/schedules.server.ts")).toBe("kernel imports feature");
    expect(violation("app/invoices/issuing.server.ts", "app/time/rules.server.ts")).toBe("feature invoices imports feature time");
    expect(violation("db/tenant.ts", "app/kernel/permissions.ts")).toBe("db imports kernel");
    expect(violation("app/time/entries.server.ts", "app/routes/c.$company.time._index.tsx")).toBe("imports a route, server or job runner");
    expect(violation("app/time/entries.server.ts", "jobs/processors/send-email.ts")).toBe("imports a route, server or job runner");
    expect(violation("app/time/entries.server.ts", "app/routing/forms.server.ts")).toBe("feature imports routing");
    expect(violation("app/time/entries.server.ts", "app/kernel/clock/weeks.ts")).toBeNull();
  });
});
