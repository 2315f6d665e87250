import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { Logger } from "../platform/logger";

export interface Tracing {
  /** Sends what is buffered and stops; called on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Installs the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set, exporting
 * over OTLP/HTTP (the exporter reads the endpoint, headers and timeouts from the
 * standard OTEL_* variables). Imported only then, so a process without it loads none
 * of the SDK. Tests pass their own exporter (an in-memory one).
 */
export async function startTracing(options: {
  endpoint: string | undefined;
  serviceName: string;
  logger: Logger;
  exporter?: SpanExporter;
}): Promise<Tracing | undefined> {
  if (!options.endpoint && !options.exporter) return undefined;
  const [{ context, trace }, { AsyncLocalStorageContextManager }, { TracerProvider, BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] =
    await Promise.all([
      import("@opentelemetry/api"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/sdk-trace"),
      import("@opentelemetry/resources"),
    ]);
  const exporter = options.exporter ?? new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName }),
    // Tests read spans as soon as they end; production batches them.
    spanProcessors: [options.exporter ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  options.logger.info({ endpoint: options.endpoint }, "Tracing exported over OTLP");
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
