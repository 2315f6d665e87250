import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metricsRegistry } from "../../jobs/metrics";
// Registers the web process's metrics beside the jobs', as server/index.ts does.
import "../../server/http-metrics";

/** The dashboard and the alert rules ask only for metrics the processes export. */
const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");

function metricNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\bhourbook_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, "")));
}

describe("operations files", () => {
  it("name only Hourbook metrics that exist", async () => {
    const exported = new Set((await metricsRegistry.getMetricsAsJSON()).map((metric) => metric.name));
    // The database gauges are registered when the server starts (reportDatabaseGauges).
    for (const name of ["hourbook_db_pool_connections", "hourbook_db_replica_lag_seconds"]) exported.add(name);
    const used = new Set([...metricNames(read("alerts.yml")), ...metricNames(read("grafana-dashboard.json"))]);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });

  it("are linked from the README", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain("docs/operations/grafana-dashboard.json");
    expect(readme).toContain("docs/operations/alerts.yml");
  });
});
