import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

/**
 * Spans for the product's own work: requests, loaders and actions, SQL, jobs. Only
 * the OpenTelemetry API is imported here; until server/tracing.ts installs the SDK
 * (OTEL_EXPORTER_OTLP_ENDPOINT set) every span is the API's no-op, so tracing that
 * is off costs a function call and no allocation worth measuring.
 *
 * Attributes carry ids, never what people typed: SQL text goes with its parameters
 * left out, URLs by route id.
 */
const tracer = trace.getTracer("hourbook");

export { SpanKind };
export type { Span };

export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span that outlives a callback (an HTTP request, ended when the answer is sent). */
export function startSpan(name: string, attributes: Attributes, kind: SpanKind): Span {
  return tracer.startSpan(name, { attributes, kind });
}

/** Run `work` with `span` as the parent of the spans it starts. */
export function withinSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

export function setSpanError(span: Span): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
}
