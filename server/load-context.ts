import type { Logger } from "pino";
import type { AppServices } from "./services";

/**
 * What every loader and action receives as `context`. Services arrive here rather
 * than as module singletons so tests can hand in their own, and so route modules
 * get `withTenant` but never a raw connection.
 */
export interface HourbookLoadContext extends AppServices {
  requestId: string;
  logger: Logger;
  cspNonce: string;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends HourbookLoadContext {}
}
