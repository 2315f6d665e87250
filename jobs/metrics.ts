import { createServer, type Server } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Logger } from "../platform/logger";
import type { QueueCounts } from "./runner";

/**
 * Prometheus metrics of this process. Counters and durations are per process (the
 * worker's own in production); the queue depth gauge asks the runner at scrape time,
 * so any process reports the same, shared numbers.
 */
const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** The process's one registry: the web process adds its HTTP and database metrics (server/http-metrics.ts). */
export const metricsRegistry = registry;

const labelNames = ["queue"] as const;
const completed = new Counter({
  name: "hourbook_jobs_completed_total",
  help: "Jobs that finished successfully",
  labelNames,
  registers: [registry],
});
const retried = new Counter({
  name: "hourbook_jobs_retried_total",
  help: "Job attempts that failed and will be tried again",
  labelNames,
  registers: [registry],
});
const failed = new Counter({
  name: "hourbook_jobs_failed_total",
  help: "Jobs that failed for good (attempts used up, or unrecoverable)",
  labelNames,
  registers: [registry],
});
const duration = new Histogram({
  name: "hourbook_job_duration_seconds",
  help: "Time spent in a processor, per attempt",
  labelNames: ["queue", "outcome"] as const,
  buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30, 120, 600],
  registers: [registry],
});

export type JobOutcome = "completed" | "retried" | "failed";

export function recordJobOutcome(queue: string, outcome: JobOutcome, seconds: number): void {
  ({ completed, retried, failed })[outcome].inc({ queue });
  duration.observe({ queue, outcome }, seconds);
}

let queueCounts: (() => Promise<QueueCounts[]>) | undefined;

new Gauge({
  name: "hourbook_jobs",
  help: "Jobs by queue and state (waiting, active, delayed, failed)",
  labelNames: ["queue", "state"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    if (!queueCounts) return;
    // Redis being down must not take the other metrics with it; the gap itself is the signal.
    const counts = await queueCounts().catch(() => []);
    for (const { queue, ...states } of counts) {
      for (const [state, value] of Object.entries(states)) this.set({ queue, state }, value);
    }
  },
});

/** Where the queue depth gauge reads from (the process's runner). */
export function reportQueueCounts(source: () => Promise<QueueCounts[]>): void {
  queueCounts = source;
}

export const metricsContentType = registry.contentType;

/** The Prometheus text exposition of everything above, for GET /metrics. */
export function metricsText(): Promise<string> {
  return registry.metrics();
}

/**
 * GET /metrics on a port of its own, for the process's scraper: metrics stay off
 * the public port, and a process without HTTP (the worker) can still be scraped.
 */
export function startMetricsServer(options: { port: number; host: string; logger: Logger }): Server {
  const { port, host, logger } = options;
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    metricsText().then(
      (text) => res.writeHead(200, { "content-type": metricsContentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, "Could not collect metrics");
        res.writeHead(500).end();
      },
    );
  });
  server.listen(port, host, () => logger.info({ port }, "Metrics at /metrics"));
  return server;
}
