import proxy from '@fastify/http-proxy';
import type { FastifyRequest } from 'fastify';
import { type Config, serviceUrlVariable } from '@bourse/core';
import {
  type App,
  type Check,
  currentTraceparent,
  defineService,
  errorBody,
  type OpenApiDocument,
  type ProcessOptions,
  type ServiceModule,
} from '@bourse/kit';
import { registerWeb } from './web.ts';

export interface Upstream {
  readonly service: string;
  readonly url: string;
  readonly prefixes: readonly string[];
  /** Paths outside /api/v1 (the stream's /ws), proxied with WebSocket upgrades. */
  readonly rootPrefixes: readonly string[];
}

/**
 * What the gateway tells a service about its caller, replacing whatever the caller sent: `X-Forwarded-For`
 * is the one address the gateway itself determined (the socket's peer, or with BOURSE_TRUST_PROXY naming a
 * load balancer in front, the nearest address in its header that is not one of the trusted proxies); the
 * protocol and host likewise. A caller's own X-Forwarded-For (or `Forwarded`) never reaches a service, so
 * a service that trusts the gateway's address (its BOURSE_TRUST_PROXY) takes `request.ip` from this header
 * and nothing a caller wrote. One address rather than the chain: the gateway is where the chain was judged,
 * and a service then needs to trust the gateway alone, not every proxy in front of it.
 */
export function forwardedHeaders(
  request: Pick<FastifyRequest, 'ip' | 'protocol' | 'host'>,
  headers: Record<string, unknown>,
): Record<string, unknown> {
  const { 'x-forwarded-for': _for, 'x-forwarded-proto': _proto, 'x-forwarded-host': _host, forwarded: _forwarded, ...rest } = headers;
  return {
    ...rest,
    // No address (the socket already gone): no header, rather than one the service would misread.
    ...(request.ip ? { 'x-forwarded-for': request.ip } : {}),
    'x-forwarded-proto': request.protocol,
    ...(request.host ? { 'x-forwarded-host': request.host } : {}),
  };
}

/** The services this process does not run but can reach by URL (BOURSE_<NAME>_URL). */
export function upstreamsFor(config: Config, remote: readonly ServiceModule[]): Upstream[] {
  return remote
    .filter((m) => (m.prefixes.length > 0 || (m.rootPrefixes?.length ?? 0) > 0) && config.serviceUrls[m.name])
    .map((m) => ({ service: m.name, url: config.serviceUrls[m.name]!, prefixes: m.prefixes, rootPrefixes: m.rootPrefixes ?? [] }));
}

/**
 * The gateway: one entry point. In the embedded shape every service's routes are mounted
 * in its process and there is nothing to proxy; in the distributed shape it proxies each
 * route prefix to the service that owns it, passing the request id and the caller's address
 * (forwardedHeaders) along, checks its
 * upstreams for /ready, and serves one OpenAPI document merged from theirs.
 */
export function gatewayOptions(
  upstreams: readonly Upstream[],
  unconfigured: readonly ServiceModule[] = [],
): Pick<ProcessOptions, 'extend' | 'transformOpenapi' | 'readyChecks'> {
  const docs = new Map<string, { doc: OpenApiDocument; at: number }>();
  const refresh = async () => {
    await Promise.all(
      upstreams.map(async (u) => {
        const cached = docs.get(u.service);
        if (cached && Date.now() - cached.at < 15_000) return;
        try {
          const res = await fetch(`${u.url}/openapi.json`, { signal: AbortSignal.timeout(5000) });
          if (res.ok) docs.set(u.service, { doc: (await res.json()) as OpenApiDocument, at: Date.now() });
        } catch {
          // the upstream is down: keep its last document
        }
      }),
    );
  };
  let refreshing: Promise<void> | undefined;
  // The upgrade to the service carries the caller's address and the request id too (and the cookie, as by
  // default). `rewriteRequestHeaders` is documented by @fastify/http-proxy but missing from its types.
  const wsClientOptions = {
    headers: {},
    rewriteRequestHeaders: (headers: Record<string, unknown>, request: FastifyRequest) => ({
      ...forwardedHeaders(request, headers),
      'x-request-id': String(request.id),
      ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
    }),
  };

  return {
    async extend(app: App, ctx) {
      if (!(await registerWeb(app))) ctx.log.info('no dashboard build (apps/web/dist): / is not served');
      // A service without a URL: its routes answer 503 naming the variable to set.
      for (const m of unconfigured) {
        const variable = serviceUrlVariable(m.name);
        ctx.log.warn({ service: m.name, variable }, `no ${variable}: ${m.prefixes.map((p) => `/api/v1${p}`).join(', ')} will answer 503`);
        const body = errorBody('unavailable', `the ${m.name} service is not configured for this gateway (set ${variable})`);
        for (const path of m.prefixes.flatMap((p) => [`/api/v1${p}`, `/api/v1${p}/*`])) {
          app.all(path, { schema: { hide: true }, config: { auth: 'upstream' } }, async (_request, reply) => reply.status(503).send(body));
        }
      }
      for (const u of upstreams) {
        for (const prefix of u.prefixes) {
          await app.register(proxy, {
            upstream: u.url,
            prefix: `/api/v1${prefix}`,
            rewritePrefix: `/api/v1${prefix}`,
            // The service that owns the route decides who may call it; the gateway identifies the caller for rate limits.
            config: { auth: 'upstream' },
            replyOptions: {
              // The request id travels on; so does the trace, as a child of the gateway's own span when tracing is on.
              // The caller's address travels as X-Forwarded-For (forwardedHeaders).
              rewriteRequestHeaders: (request, headers) => {
                const traceparent = currentTraceparent();
                return {
                  ...forwardedHeaders(request, headers),
                  'x-request-id': String(request.id),
                  ...(traceparent ? { traceparent } : {}),
                } as typeof headers;
              },
            },
          });
        }
        for (const prefix of u.rootPrefixes) {
          await app.register(proxy, {
            upstream: u.url,
            prefix,
            rewritePrefix: prefix,
            websocket: true,
            config: { auth: 'upstream' },
            wsClientOptions,
          });
        }
      }
      if (upstreams.length > 0) {
        refreshing = refresh();
        const timer = setInterval(() => void refresh(), 15_000);
        timer.unref();
        app.addHook('onClose', async () => clearInterval(timer));
        app.addHook('onRequest', async (request) => {
          if (request.url !== '/openapi.json' && !request.url.startsWith('/docs')) return;
          await refreshing;
          // An upstream that was busy or down at start-up: ask it again now.
          if (upstreams.some((u) => !docs.has(u.service))) {
            refreshing = refresh();
            await refreshing;
          }
        });
      }
    },
    transformOpenapi(doc) {
      // The proxies' own catch-all routes are plumbing, not API: the upstreams' documents describe those paths.
      const proxied = new Set(
        upstreams.flatMap((u) => [...u.prefixes.map((p) => `/api/v1${p}`), ...u.rootPrefixes]).flatMap((p) => [p, `${p}/{*}`]),
      );
      doc.paths = Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([path]) => !proxied.has(path)));
      for (const { doc: remote } of docs.values()) {
        doc.paths = { ...(doc.paths ?? {}), ...(remote.paths ?? {}) };
        const schemas = { ...(doc.components?.schemas ?? {}), ...(remote.components?.schemas ?? {}) };
        doc.components = { ...(doc.components ?? {}), schemas };
      }
      return doc;
    },
    async readyChecks() {
      const entries = await Promise.all(
        upstreams.map(async (u): Promise<[string, Check]> => {
          const t0 = performance.now();
          try {
            const res = await fetch(`${u.url}/health`, { signal: AbortSignal.timeout(2000) });
            return [
              `upstream:${u.service}`,
              { ok: res.ok, latencyMs: Math.round(performance.now() - t0), ...(res.ok ? {} : { detail: `HTTP ${res.status}` }) },
            ];
          } catch (err) {
            return [`upstream:${u.service}`, { ok: false, detail: (err as Error).message }];
          }
        }),
      );
      return Object.fromEntries(entries);
    },
  };
}

export const gatewayService = defineService({
  name: 'gateway',
  description: 'Single entry point: routing to services, OpenAPI document, health',
  needs: [],
  prefixes: [],
});
