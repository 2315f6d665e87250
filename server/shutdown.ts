import type { Server } from "node:http";
import type { Logger } from "pino";

interface ShutdownOptions {
  server: Server;
  logger: Logger;
  timeoutSeconds: number;
  /** Called once the server has stopped taking requests and in-flight ones are done. */
  beforeExit: () => Promise<void>;
  /** Called first, so /readyz turns 503 while requests drain. */
  onSignal: () => void;
}

/**
 * On SIGTERM (a deploy, a scale-down) or SIGINT: stop accepting connections, let
 * requests in flight finish, release the database, then exit. A request that
 * outlives the timeout is cut off rather than holding the deploy forever.
 */
export function exitGracefullyOnSignals(options: ShutdownOptions): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.logger.info({ signal }, "Shutting down: finishing requests in flight");
    options.onSignal();
    const deadline = setTimeout(() => {
      options.logger.error(`Requests still running after ${options.timeoutSeconds} s; closing them`);
      options.server.closeAllConnections();
    }, options.timeoutSeconds * 1000);
    deadline.unref();
    options.server.close((error) => {
      clearTimeout(deadline);
      options
        .beforeExit()
        .catch((closeError: unknown) => options.logger.error({ err: closeError }, "Error while closing resources"))
        .finally(() => {
          options.logger.info("Stopped");
          process.exit(error ? 1 : 0);
        });
    });
    options.server.closeIdleConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
