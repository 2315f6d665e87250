import type { ErrorEvent } from "@sentry/core";

/** Who and where, as ids only: what an error report may say about a person. */
export interface ErrorIds {
  requestId?: string;
  companyId?: string;
  userId?: string;
}

export interface ErrorTracking {
  capture(error: unknown, ids: ErrorIds): void;
  /** Sends what is queued (up to two seconds) and stops; called on shutdown. */
  close(): Promise<void>;
}

const email = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// Postgres puts the offending values in its messages: `Key (email)=(ann@example.com) already exists`.
const keyValues = /=\([^)]*\)/g;

function scrubText(text: string | undefined): string | undefined {
  return text?.replace(email, "[email]").replace(keyValues, "=(…)");
}

/**
 * What leaves for Sentry: the error's type, its scrubbed message and stack, the ids
 * given as tags. The request (URL, headers, cookies, body), the user beyond their id,
 * breadcrumbs (log lines) and extra data are dropped.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  const { request: _request, breadcrumbs: _breadcrumbs, extra: _extra, user, ...rest } = event;
  return {
    ...rest,
    ...(user?.id ? { user: { id: user.id } } : {}),
    message: scrubText(event.message),
    exception: event.exception && {
      values: event.exception.values?.map((value) => ({ ...value, value: scrubText(value.value) })),
    },
  };
}

/**
 * Sentry when SENTRY_DSN is set; the SDK's core (no OpenTelemetry of its own, see
 * decision 042) is imported only then, so without it nothing loads and nothing is sent.
 */
export async function startErrorTracking(options: {
  dsn: string | undefined;
  environment: string;
  release: string;
}): Promise<ErrorTracking | undefined> {
  if (!options.dsn) return undefined;
  const [core, server] = await Promise.all([import("@sentry/core"), import("@sentry/core/server")]);
  const client = new server.ServerRuntimeClient({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    sendDefaultPii: false,
    integrations: [],
    stackParser: core.createStackParser(server.nodeStackLineParser()),
    transport: (transportOptions) =>
      core.createTransport(transportOptions, async (request) => {
        const res = await fetch(transportOptions.url, { method: "POST", body: request.body as BodyInit });
        return { statusCode: res.status, headers: { "retry-after": res.headers.get("retry-after"), "x-sentry-rate-limits": res.headers.get("x-sentry-rate-limits") } };
      }),
    beforeSend: (event) => scrubEvent(event),
  });
  client.init();
  return {
    capture(error, ids) {
      const scope = new core.Scope();
      scope.setClient(client);
      if (ids.requestId) scope.setTag("request_id", ids.requestId);
      if (ids.companyId) scope.setTag("company_id", ids.companyId);
      if (ids.userId) scope.setUser({ id: ids.userId });
      client.captureException(error, undefined, scope);
    },
    async close() {
      await client.close(2_000);
    },
  };
}
