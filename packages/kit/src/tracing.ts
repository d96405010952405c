import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BusMessage } from '@bourse/bus';
import { type Envelope, loadConfig, type TracingConfig } from '@bourse/core';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { BusHooks } from './context.ts';

/**
 * OpenTelemetry tracing: spans for HTTP requests, bus publish/consume and database calls,
 * the context carried in an envelope's `traceparent`. Off unless the standard OTEL_* variables
 * ask for it (read with the rest of the configuration: config.tracing). Without a provider the
 * API is a no-op, so the instrumentation costs next to nothing when off.
 */
export const tracer = () => trace.getTracer('bourse');

export interface Tracing {
  readonly enabled: boolean;
  /** Flush and stop exporting. */
  shutdown(): Promise<void>;
}

let active: { provider: BasicTracerProvider; refs: number } | undefined;

/** Whether these variables turn tracing on (what loadConfig reads into config.tracing.enabled). */
export function tracingWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  return loadConfig(env).tracing.enabled;
}

export interface TracingOptions {
  /** The process's own name for its spans (OTEL_SERVICE_NAME, in config, wins). */
  readonly serviceName: string;
  /** Tests pass their own (an in-memory exporter); otherwise the OTLP exporter when config.tracing asks for it. */
  readonly spanProcessors?: SpanProcessor[];
  readonly config?: TracingConfig;
}

/** Install the tracer provider once per process (several processes may run in one test). */
export function initTracing(options: TracingOptions): Tracing {
  if (active) {
    active.refs++;
    return { enabled: true, shutdown: release };
  }
  const config = options.config;
  const processors =
    options.spanProcessors ??
    (config?.enabled
      ? [
          new BatchSpanProcessor(
            new OTLPTraceExporter({ url: config.endpoint, headers: { ...config.headers }, timeoutMillis: config.timeoutMs }),
          ),
        ]
      : undefined);
  if (!processors) return { enabled: false, shutdown: async () => undefined };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config?.serviceName ?? options.serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  active = { provider, refs: 1 };
  return { enabled: true, shutdown: release };
}

async function release(): Promise<void> {
  if (!active || --active.refs > 0) return;
  const { provider } = active;
  active = undefined;
  await provider.shutdown().catch(() => undefined);
  trace.disable();
  context.disable();
  propagation.disable();
}

/** The trace context of a carrier (HTTP headers, an envelope), or the current one. */
export function extractContext(carrier: Record<string, unknown>) {
  return propagation.extract(context.active(), carrier, {
    get: (c, key) => {
      const v = (c as Record<string, unknown>)[key];
      return typeof v === 'string' ? v : undefined;
    },
    keys: (c) => Object.keys(c as object),
  });
}

/** The W3C traceparent of the active span, if one is being recorded. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

function endWith(span: Span, err: unknown): void {
  if (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
  }
  span.end();
}

/** Bus spans: a PRODUCER span per publish (its context goes into `traceparent`), a CONSUMER span per handled message. */
export const tracingBusHooks: BusHooks = {
  async publish(subject, env, send) {
    const span = tracer().startSpan(`publish ${subject}`, {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'bourse-bus', 'messaging.destination.name': subject, 'messaging.message.id': env.id },
    });
    const ctx = trace.setSpan(context.active(), span);
    let traced: Envelope = env;
    if (env.traceparent === undefined && span.isRecording()) {
      const carrier: Record<string, string> = {};
      propagation.inject(ctx, carrier);
      if (carrier.traceparent) traced = { ...env, traceparent: carrier.traceparent };
    }
    try {
      await context.with(ctx, () => send(traced));
      endWith(span, undefined);
    } catch (err) {
      endWith(span, err);
      throw err;
    }
  },
  async consume(msg: BusMessage, run) {
    // Only messages that carry a trace are traced (not every tick of the feed); the others run outside any
    // span (an in-process bus may deliver inside the publisher's).
    if (!msg.envelope.traceparent) return context.with(ROOT_CONTEXT, run);
    const parent = extractContext({ traceparent: msg.envelope.traceparent });
    const span = tracer().startSpan(
      `consume ${msg.subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'bourse-bus',
          'messaging.destination.name': msg.subject,
          'messaging.message.id': msg.envelope.id,
          'messaging.delivery_count': msg.deliveryCount,
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), run);
      endWith(span, undefined);
    } catch (err) {
      endWith(span, err);
      throw err;
    }
  },
};

/** Database spans: one per query run inside a traced operation (a request, a traced message). */
export class TracingPlugin implements KyselyPlugin {
  private readonly spans = new WeakMap<object, Span>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (trace.getSpan(context.active())) {
      const operation = args.node.kind.replace(/QueryNode$|Node$/, '').toLowerCase();
      const table = tableOf(args.node);
      this.spans.set(
        args.queryId,
        tracer().startSpan(`db ${operation}${table ? ` ${table}` : ''}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation, ...(table ? { 'db.collection.name': table } : {}) },
        }),
      );
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const span = this.spans.get(args.queryId);
    if (span) {
      this.spans.delete(args.queryId);
      span.setAttribute('db.response.returned_rows', args.result.rows.length);
      span.end();
    }
    return args.result;
  }
}

function tableOf(node: RootOperationNode): string | undefined {
  const n = node as unknown as {
    from?: { froms?: { table?: { identifier?: { name?: string } } }[] };
    into?: { table?: { identifier?: { name?: string } } };
    table?: { table?: { identifier?: { name?: string } } };
  };
  return n.from?.froms?.[0]?.table?.identifier?.name ?? n.into?.table?.identifier?.name ?? n.table?.table?.identifier?.name;
}
