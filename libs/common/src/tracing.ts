import {
  Attributes,
  context,
  Context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The W3C trace context of an incoming request: its `traceparent` and `tracestate`. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** OTLP over HTTP: protobuf (the OpenTelemetry default) or JSON. gRPC is not shipped. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

let provider: NodeTracerProvider | undefined;

/** Tracing is on: an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT). */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/** Whether the environment asks for tracing, and with which protocol (or why it cannot be done). */
export function tracingRequest(
  env: NodeJS.ProcessEnv,
): { enabled: false } | { enabled: true; protocol: (typeof OTLP_PROTOCOLS)[number] } | { problem: string } {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { enabled: false };
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() ||
    'http/protobuf') as (typeof OTLP_PROTOCOLS)[number];
  if (!OTLP_PROTOCOLS.includes(protocol)) {
    return {
      problem: `OTEL_EXPORTER_OTLP_PROTOCOL must be "http/protobuf" or "http/json" (gRPC is not supported); got "${protocol.slice(0, 40)}"`,
    };
  }
  return { enabled: true, protocol };
}

/**
 * Starts OpenTelemetry tracing when the environment asks for it, with the standard SDK: OTLP/HTTP
 * exporter (endpoint, headers, timeout from the OTEL_EXPORTER_OTLP_* variables), batch span processor,
 * the sampler of OTEL_TRACES_SAMPLER, W3C trace-context propagation. Off by default, and then nothing
 * below creates a span, and the SDK is not even loaded (about 100 ms of start-up and 1 MB of code).
 * Returns the function that flushes and stops it.
 */
export function startTracing(env: NodeJS.ProcessEnv, version: string): () => Promise<void> {
  const wanted = tracingRequest(env);
  if ('problem' in wanted) throw new Error(wanted.problem);
  if (!wanted.enabled || provider) return async () => undefined;
  // required here, not imported at the top: CommonJS like the rest, one copy of each package
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const conventions =
    require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  const exporter =
    wanted.protocol === 'http/json'
      ? new (
          require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
        ).OTLPTraceExporter()
      : new (
          require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')
        ).OTLPTraceExporter();
  /* eslint-enable @typescript-eslint/no-require-imports */
  provider = new sdk.NodeTracerProvider({
    resource: resourceFromAttributes({
      [conventions.ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || 'panda-mcp',
      [conventions.ATTR_SERVICE_VERSION]: version,
    }),
    spanProcessors: [new sdk.BatchSpanProcessor(exporter)],
  });
  provider.register();
  const started = provider;
  return async () => {
    await started.shutdown();
    if (provider === started) provider = undefined;
  };
}

const tracer = () => trace.getTracer('panda-mcp');

/** A carrier's context, when it holds a valid traceparent (an invalid one starts a new trace). */
function contextOf(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** What a span starts with; built only when tracing is on, so the hot path pays nothing for it. */
export interface SpanStart {
  name: string;
  attributes: Attributes;
  /** Trace contexts to continue, first one with a traceparent wins (server spans). */
  parents?: Array<TraceCarrier | undefined>;
}

/**
 * Runs `work` in a server span continuing the first parent that holds a traceparent (the caller's
 * trace), or directly when tracing is off. `describe` adds attributes from the result (the outcome); an
 * `error.type` among them marks the span as failed.
 */
export async function inServerSpan<T>(
  start: () => SpanStart,
  work: () => Promise<T>,
  describe: (result: T) => Attributes,
): Promise<T> {
  if (!provider) return work();
  const { name, attributes, parents = [] } = start();
  const parent = contextOf(parents.find((c) => c?.traceparent));
  return tracer().startActiveSpan(name, { kind: SpanKind.SERVER, attributes }, parent, (span) =>
    finish(span, work, describe),
  );
}

/**
 * Runs `work` in a client span, a child of the active span; `work` gets the traceparent to send, or
 * nothing when tracing is off.
 */
export async function inClientSpan<T>(
  start: () => SpanStart,
  work: (traceparent: string | undefined) => Promise<T>,
  describe: (result: T) => Attributes,
): Promise<T> {
  if (!provider) return work(undefined);
  const { name, attributes } = start();
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) =>
    finish(
      span,
      () => {
        const carrier: TraceCarrier = {};
        propagation.inject(context.active(), carrier);
        return work(carrier.traceparent);
      },
      describe,
    ),
  );
}

async function finish<T>(
  span: Span,
  work: () => Promise<T>,
  describe: (result: T) => Attributes,
): Promise<T> {
  try {
    const result = await work();
    const attributes = describe(result);
    span.setAttributes(attributes);
    if (attributes['error.type'] !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    return result;
  } catch (error) {
    // the error's class only: its message may quote caller input
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
    throw error;
  } finally {
    span.end();
  }
}
