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
  /** The client's address, through TRUST_PROXY_HOPS proxies; for sessions and rate limits. */
  clientIp: string | null;
  /** Sends a route's unhandled error to Sentry (SENTRY_DSN) with the request's ids; a no-op without it. */
  reportError: (error: unknown) => void;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends HourbookLoadContext {}
}

// Single fetch is on (remix.config.js); this makes useLoaderData/useActionData infer its types.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
