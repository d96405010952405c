import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { workContext } from './context.ts';
import { extractContext, tracer } from './tracing.ts';
import { clientErrorReply, frameworkErrorReply, installErrorHandling } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { App } from './service.ts';

export interface Check {
  ok: boolean;
  detail?: string;
  latencyMs?: number;
}
export type ReadinessChecks = () => Promise<Record<string, Check>>;

export interface AppOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly title: string;
  readonly version: string;
  /** Dependencies for /ready, each with its state. */
  readonly ready: ReadinessChecks;
  /** Largest accepted request body in bytes (413 past it). */
  readonly bodyLimit?: number;
  /**
   * Peers whose X-Forwarded-For is believed (BOURSE_TRUST_PROXY: IPs, CIDR ranges, `loopback`...): `request.ip`
   * is then the nearest address in the header that is not one of them. Empty or absent: the socket's peer, the
   * header ignored (a process callers reach directly must not let them choose their own address).
   */
  readonly trustProxy?: readonly string[];
  /** Serve /docs (Swagger UI) and /openapi.json from this app's own routes. A gateway may serve a merged document instead. */
  readonly openapi?: 'own' | 'none';
  /** Rewrite the OpenAPI document before it is served (the gateway merges its upstreams' documents in). */
  readonly transformOpenapi?: (doc: OpenApiDocument) => OpenApiDocument;
  /** Plugins and hooks that must see every route (the edge: identity, access, rate limits, CORS, headers). */
  readonly edge?: (app: FastifyInstance) => Promise<void>;
}

export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The HTTP application shared by every process: JSON errors, request ids, OpenAPI,
 * /health, /ready and /metrics. Services add their routes under /api/v1.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy?.length ? [...options.trustProxy] : false,
    // x-request-id is accepted when well-formed, otherwise generated; it is logged as requestId.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The router's and the HTTP parser's own refusals get the error body too; so does a request while closing.
    frameworkErrors: (error, request, reply) => frameworkErrorReply(error, request as FastifyRequest, reply as unknown as FastifyReply),
    clientErrorHandler: clientErrorReply,
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);
  // What runs for this request (bus publishes, timers it starts) knows its request id, and runs in its span
  // (a SERVER span, child of the caller's `traceparent`; a no-op unless tracing is on).
  const spans = new WeakMap<object, Span>();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = extractContext(request.headers);
    const route = request.routeOptions.url;
    const span = tracer().startSpan(
      `${request.method} ${route ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.url.split('?')[0]!,
          ...(route ? { 'http.route': route } : {}),
        },
      },
      parent,
    );
    spans.set(request, span);
    span.setAttribute('bourse.request_id', request.id);
    context.with(trace.setSpan(parent, span), () => workContext.run({ requestId: request.id }, done));
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  if (options.edge) await options.edge(app);

  // Query strings, path parameters and headers arrive as text and are coerced to the schema's
  // types; a JSON body is taken as it is (so `null` or "1" is no number there).
  const coercing = addFormats.default(new Ajv({ coerceTypes: 'array', useDefaults: true, allErrors: false, strict: false }));
  const exact = addFormats.default(new Ajv({ coerceTypes: false, useDefaults: true, allErrors: false, strict: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));

  const httpDuration = options.metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration',
    ['method', 'route', 'status'],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    // 503s are a dependency away, logged by its state (dependencyState) rather than once per request.
    const level = reply.statusCode >= 500 && reply.statusCode !== 503 ? 'error' : 'debug';
    request.log[level](
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  if (options.openapi !== 'none') {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: options.title,
          version: options.version,
          description: 'Bourse market-data and analytics API. Errors are `{"error": {"code", "message", "details"?}}`.',
        },
        servers: [],
      },
    });
    const transform = options.transformOpenapi ?? ((doc: OpenApiDocument) => doc);
    const document = () => transform(structuredClone(app.swagger()) as unknown as OpenApiDocument);
    await app.register(swaggerUi, { routePrefix: '/docs', transformSpecification: () => document(), transformSpecificationClone: false });
    app.get('/openapi.json', { schema: { hide: true } }, async () => document());
  }

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const checks = await options.ready();
    const ok = Object.values(checks).every((c) => c.ok);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });

  return app;
}
