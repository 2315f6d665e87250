import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram } from "prom-client";
import type { ReadRoute } from "../db/read-routing";
import type { Database } from "../db/types";
import { metricsRegistry } from "../jobs/metrics";
import { SpanKind, setSpanError, startSpan, withinSpan } from "../platform/tracing";
import { runInRequestScope, type RequestScope } from "./request-scope";

/**
 * The web process's RED metrics and its database pools, beside the job metrics on the
 * same registry (GET /metrics on METRICS_PORT). Labels stay few and bounded: the
 * route id (a file name, not the URL), the method and the status class.
 */
const registers = [metricsRegistry];
const httpLabels = ["route", "method", "status_class"] as const;

const requests = new Counter({ name: "hourbook_http_requests_total", help: "HTTP requests answered", labelNames: httpLabels, registers });
const requestDuration = new Histogram({
  name: "hourbook_http_request_duration_seconds",
  help: "Time from a request's arrival until its answer was sent (or the client left)",
  labelNames: httpLabels,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});
const inFlight = new Gauge({ name: "hourbook_http_requests_in_flight", help: "HTTP requests being answered now", registers });

const poolWait = new Histogram({
  name: "hourbook_db_pool_wait_seconds",
  help: "Time a transaction waited for a pooled connection and its BEGIN",
  labelNames: ["pool"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
  registers,
});
const reads = new Counter({
  name: "hourbook_db_reads_total",
  help: "Report, dashboard and export transactions by where they ran and why",
  labelNames: ["target", "reason"] as const,
  registers,
});

/** Well-known paths answered before Remix, named as routes; anything else there is "other". */
function routeOf(path: string): string {
  if (path === "/healthz" || path === "/readyz" || path === "/version") return path.slice(1);
  if (path.startsWith("/build/")) return "assets";
  return "other";
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/**
 * Counts, times and traces every request. It opens the request's scope, so it goes first:
 * the route id is filled in by the route wrapper (server/remix-handler.ts).
 */
export function recordHttpMetrics(): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const scope: RequestScope = {};
    // The span is named when the route is known; the URL's own values (ids, slugs) stay out of it.
    const span = startSpan(`${req.method}`, { "http.request.method": req.method }, SpanKind.SERVER);
    inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight.dec();
      // A client that left before the answer is counted with the status that was being sent.
      const labels = { route: scope.routeId ?? routeOf(req.path), method: req.method, status_class: statusClass(res.statusCode) };
      requests.inc(labels);
      requestDuration.observe(labels, (performance.now() - started) / 1000);
      span.updateName(`${req.method} ${labels.route}`);
      span.setAttributes({
        "http.route": labels.route,
        "http.response.status_code": res.statusCode,
        "hourbook.request_id": String((req as { id?: unknown }).id ?? ""),
        ...(scope.companyId ? { "hourbook.company_id": scope.companyId } : {}),
      });
      if (res.statusCode >= 500) setSpanError(span);
      span.end();
    };
    res.once("finish", finish);
    res.once("close", finish);
    runInRequestScope(scope, () => withinSpan(span, next));
  };
}

export function recordPoolWait(pool: "primary" | "replica", seconds: number): void {
  poolWait.observe({ pool }, seconds);
}

export function recordRead(route: ReadRoute): void {
  reads.inc(route);
}

/** Pool use and the replica's lag are read when Prometheus scrapes, from the live pools. */
export function reportDatabaseGauges(sources: { pools: Record<string, Database | undefined>; replicaLagSeconds: () => Promise<number | undefined> }): void {
  new Gauge({
    name: "hourbook_db_pool_connections",
    help: "Pooled connections by pool and state (busy: in a transaction; waiting: transactions queued for one; max: the pool's size)",
    labelNames: ["pool", "state"] as const,
    registers,
    collect() {
      this.reset();
      for (const [name, db] of Object.entries(sources.pools)) {
        if (!db?.pool) continue;
        this.set({ pool: name, state: "busy" }, db.pool.busy);
        this.set({ pool: name, state: "waiting" }, db.pool.waiting);
        this.set({ pool: name, state: "max" }, db.pool.max);
      }
    },
  });
  new Gauge({
    name: "hourbook_db_replica_lag_seconds",
    help: "How far the read replica's replay is behind (0 when it has replayed all it received)",
    registers,
    async collect() {
      this.reset();
      // An unreachable replica leaves the series absent, which the alert rules treat as a problem of its own.
      const lag = await sources.replicaLagSeconds().catch(() => undefined);
      if (lag !== undefined) this.set(lag);
    },
  });
}
