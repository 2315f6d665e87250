import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { migrate } from "../db/migrate";
import { projectRoot } from "../db/project-root";
import { seedDemoData } from "../db/seed";
import { assertSystemRoleBypassesRls } from "../db/system-role";
import { startMetricsServer } from "../jobs/metrics";
import { openReadReplica } from "../db/connect";
import { createApp } from "./app";
import { connectDependencies } from "./dependencies";
import { recordPoolWait, recordRead, reportDatabaseGauges } from "./http-metrics";
import { loadConfigOrExit } from "../platform/config";
import { createLogger } from "../platform/logger";
import { createReadiness } from "./readiness";
import { createRequestHandler } from "./remix-handler";
import { answerConnectRequests } from "./request-guards";
import { createServices } from "./services";
import { exitGracefullyOnSignals } from "./shutdown";
import { startErrorTracking } from "./error-tracking";
import { currentRequestScope } from "./request-scope";
import { startTracing } from "./tracing";
import { readBuildInfo, versionReporter } from "./version";

const config = loadConfigOrExit();
const logger = createLogger(config);

async function start(): Promise<void> {
  const tracing = await startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: "hourbook-web", logger });
  const root = projectRoot();
  const buildInfo = readBuildInfo(root);
  const errors = await startErrorTracking({ dsn: config.SENTRY_DSN, environment: config.NODE_ENV, release: buildInfo.commit });
  logger.info(whereMailGoes(config));
  const db = await connectDependencies(config, logger, { onTransactionStart: (seconds) => recordPoolWait("primary", seconds) });
  const replica = openReadReplica(config, { onTransactionStart: (seconds) => recordPoolWait("replica", seconds) });
  logger.info({ database: db.location, readReplica: replica?.location }, "Database connected");
  await assertSystemRoleBypassesRls(db);
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, "Migrations applied");
  // Demo data only for the embedded default; a real database is never filled with it implicitly.
  if (db.backend === "pglite" && (await seedDemoData(db))) logger.info("Seeded the demo companies");

  const build = (await import(pathToFileURL(join(root, "build", "index.js")).href)) as ServerBuild;
  const readiness = createReadiness(db, config.REDIS_URL);
  const running = await createServices({ config, db, replica, logger, onRead: recordRead });
  reportDatabaseGauges({ pools: { primary: db, replica }, replicaLagSeconds: running.replicaLagSeconds });

  const app = createApp({
    config,
    logger,
    readiness,
    publicDir: join(root, "public"),
    apiRateLimits: running.apiRateLimits,
    version: versionReporter(db, buildInfo),
    onError: (error, req) => errors?.capture(error, { requestId: String(req.id) }),
    remix: createRequestHandler({
      build,
      mode: config.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req, res): AppLoadContext => ({
        requestId: String(req.id),
        logger: req.log,
        cspNonce: String(res.locals.cspNonce),
        clientIp: req.ip ?? null,
        reportError: (error) => errors?.capture(error, { requestId: String(req.id), companyId: currentRequestScope()?.companyId }),
        ...running.forRequest(req.method),
      }),
    }),
  });

  const server = createServer(app);
  answerConnectRequests(server);
  // Metrics go on a private port: they describe every company's queues.
  const metrics = config.METRICS_PORT ? startMetricsServer({ port: config.METRICS_PORT, host: config.HOST, logger }) : undefined;
  exitGracefullyOnSignals({
    server,
    logger,
    timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS,
    onSignal: () => readiness.drain(),
    beforeExit: async () => {
      metrics?.close();
      await running.close();
      await readiness.close();
      await replica?.close();
      await db.close();
      await tracing?.shutdown();
      await errors?.close();
    },
  });
  server.listen(config.PORT, config.HOST, () => {
    logger.info(`Hourbook is running at http://localhost:${config.PORT}`);
  });
}

/** The first thing someone trying the product needs after the address: where sign-up and invitation mail went. */
function whereMailGoes({ RESEND_API_KEY, NODE_ENV, PORT }: typeof config): string {
  if (RESEND_API_KEY) return "Email is sent through Resend";
  if (NODE_ENV === "production") return "Email is not sent: RESEND_API_KEY is unset";
  return `Email is kept in the development mailbox: open http://localhost:${PORT}/dev/mailbox on this machine (other machines get 404)`;
}

start().catch((error: unknown) => {
  logger.fatal(error instanceof Error ? error.message : String(error));
  // Give the log transport a moment to flush before exiting.
  setTimeout(() => process.exit(1), 100);
});
