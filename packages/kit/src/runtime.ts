import { type Bus, createBus } from '@bourse/bus';
import { type Cache, createCache } from '@bourse/cache';
import { CATALOG, type Config, EXCHANGES, type Instrument, UnavailableError } from '@bourse/core';
import { createStore, type Store } from '@bourse/store';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { buildApp, type Check, type OpenApiDocument } from './app.ts';
import { busMetrics, outboxMetrics } from './bus-metrics.ts';
import { contextualBus } from './context.ts';
import { dependencyState } from './dependency-state.ts';
import { createAuthenticator, edgePlugin, openRateLimitRedis, type RateLimitConnection, remoteJwks } from './edge.ts';
import { PROCESS_CACHE_PREFIX, Revocations } from './edge-revocations.ts';
import { configuredPublicKey, loadSigningKeys, type SigningKeys } from './keys.ts';
import { createLogger, type Logger, logBusSink } from './logger.ts';
import { Metrics } from './metrics.ts';
import { initTracing, TracingPlugin, tracingBusHooks } from './tracing.ts';
import {
  type App,
  type BaseContext,
  type Port,
  type Ports,
  type ServiceContext,
  type ServiceModule,
  servicePlugin,
  type Worker,
} from './service.ts';

export const VERSION = '0.1.0';

export interface ProcessOptions<N extends Port = Port> {
  readonly config: Config;
  /** Services that run in this process, in start order (consumers before producers); they stop in the reverse order. */
  readonly modules: readonly ServiceModule<N>[];
  /** Extra setup on the app after the services' routes (the gateway's proxies). */
  readonly extend?: (app: App, ctx: BaseContext) => Promise<void>;
  readonly transformOpenapi?: (doc: OpenApiDocument) => OpenApiDocument;
  /** Extra readiness checks (the gateway checks its upstreams). */
  readonly readyChecks?: () => Promise<Record<string, Check>>;
  readonly logger?: Logger;
  /** Rate limits here (default: when the gateway runs in this process, the entry point of either shape). */
  readonly entryPoint?: boolean;
  /** Listen on config.host:config.port (default true). Tests use inject() instead. */
  readonly listen?: boolean;
}

/** A running process whose services declared the ports N (a bare `RunningProcess`: every port, as in the embedded shape). */
export interface RunningProcess<N extends Port = Port> {
  readonly app: App;
  /** The process's context: every port its services declared. */
  readonly ctx: ServiceContext<N>;
  /** Base URL when listening. */
  readonly url: string | undefined;
  /** Stop accepting requests, stop workers in order (draining and flushing), close the ports. Idempotent. */
  stop(): Promise<void>;
}

/** Reference data every service relies on (exchanges, the synthetic market's instruments). Idempotent. */
export async function seedReferenceData(store: Store): Promise<void> {
  await store.exchanges.upsertMany(EXCHANGES);
  await store.instruments.upsertMany(CATALOG.map(({ sim: _sim, ...instrument }): Instrument => instrument));
}

/**
 * Start-up waits for a dependency that is away (a server still starting, restarting, unreachable for
 * now: UnavailableError) for as long as it takes, saying so once every attempt; anything else (a
 * configuration the adapter refuses, a failed migration) ends start-up at once. A process exits on a
 * configuration error or a bug, never because a server is late.
 */
function connectPolicy(log: Logger, dependency: string) {
  const policy = retry(
    handleWhen((err) => err instanceof UnavailableError),
    { maxAttempts: Number.POSITIVE_INFINITY, backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 5000 }) },
  );
  policy.onRetry((event) => {
    if ('error' in event)
      log.warn({ dependency, err: event.error.message, retryInMs: Math.round(event.delay) }, `waiting for the ${dependency}`);
  });
  return policy;
}

/**
 * The context of a service: the base and the ports it declared, no others. The ports were created
 * for the union of every service's `needs`, so each one asked for is there.
 */
function contextFor<N extends Port>(needs: readonly N[], base: BaseContext, ports: Partial<Ports>): ServiceContext<N> {
  const own: Partial<Ports> = {};
  for (const port of needs) {
    if (ports[port] === undefined) throw new Error(`port "${port}" was not created in this process`);
    Object.assign(own, { [port]: ports[port] });
  }
  // Every key of N was just copied from `ports`, checked present: the Pick holds.
  return { ...base, ...own } as ServiceContext<N>;
}

/**
 * Run services in this process: the composition root. Every adapter is created here from config
 * (memory or NATS bus, PGlite or PostgreSQL store, memory or Redis cache, the rate limiter's Redis,
 * the revocation markers' cache), for the ports the services declared, and closed here on stop.
 * Each service is mounted as a named Fastify plugin (servicePlugin) with its typed context.
 */
export async function startProcess<N extends Port = never>(options: ProcessOptions<N>): Promise<RunningProcess<N>> {
  const { config, modules } = options;
  const log = options.logger ?? createLogger(config);
  const metrics = new Metrics({ instance: config.instanceId });
  const needs = new Set<Port>(modules.flatMap((m) => m.needs));
  const entryPoint = options.entryPoint ?? modules.some((m) => m.name === 'gateway');
  // Central logs: this process's lines go to the bus too (logs.<service>).
  const logSink = options.logger ? undefined : logBusSink(log);
  if (logSink) needs.add('bus');
  const closers: (() => Promise<void>)[] = [];
  // Tracing: off unless the OTEL_* variables asked for it (or a test installed a provider).
  const tracing = initTracing({ serviceName: `bourse-${modules.map((m) => m.name).join('+')}`, config: config.tracing });
  closers.push(() => tracing.shutdown());

  let bus: Bus | undefined;
  let store: Store | undefined;
  let cache: Cache | undefined;
  let keys: SigningKeys | undefined;
  let rateLimitRedis: RateLimitConnection | undefined;
  try {
    if (needs.has('keys')) keys = await loadSigningKeys(config, log);
    if (needs.has('store')) {
      store = await connectPolicy(log, 'store').execute(() =>
        createStore(config.database, tracing.enabled ? { plugins: [new TracingPlugin()] } : {}),
      );
      const s = store;
      closers.push(() => s.close());
      await connectPolicy(log, 'store').execute(() => seedReferenceData(s));
      log.info({ store: s.kind }, 'store ready');
    }
    if (needs.has('bus')) {
      const observer = busMetrics(metrics);
      const outbox = outboxMetrics(metrics);
      const name = `bourse-${modules.map((m) => m.name).join('+')}`;
      bus = await connectPolicy(log, 'bus').execute(() =>
        createBus(config.bus, { name, logger: log, observer, nats: config.nats, outboxObserver: outbox.observer }),
      );
      const b = bus;
      outbox.watch(b);
      closers.unshift(() => b.close());
      logSink?.attach(b, modules.length === 1 ? modules[0]!.name : 'bourse');
      log.info({ bus: b.kind }, 'bus ready');
    }
    if (needs.has('cache')) {
      const observer = dependencyState(log, `cache:${config.cache.kind}`, { metrics });
      cache = await connectPolicy(log, 'cache').execute(async () => createCache(config.cache, { prefix: PROCESS_CACHE_PREFIX, observer }));
      const c = cache;
      closers.unshift(() => c.close());
      log.info({ cache: c.kind }, 'cache ready');
    }
    const { enabled, redisUrl, failOpen } = config.edge.rateLimit;
    if (entryPoint && enabled && redisUrl) {
      const redis = openRateLimitRedis(redisUrl, dependencyState(log, 'rate-limit:redis', { metrics }));
      rateLimitRedis = redis;
      closers.unshift(() => redis.close());
      log.info({ failOpen }, 'rate limits shared through Redis');
    }
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
  // The revocation markers live in the process's cache. A process whose services use none opens one of the same
  // kind, with the same key prefix (so the same markers in a shared Redis), on first use: one that never sees a
  // token never connects.
  let markerCache: Cache | undefined;
  const markers = (): Cache => {
    if (cache) return cache;
    markerCache ??= createCache(config.cache, {
      prefix: PROCESS_CACHE_PREFIX,
      observer: dependencyState(log, `revocations:${config.cache.kind}`, { metrics }),
    });
    return markerCache;
  };
  closers.unshift(async () => markerCache?.close());

  const ports: Partial<Ports> = {
    ...(bus ? { bus: contextualBus(bus, tracing.enabled ? tracingBusHooks : {}) } : {}),
    ...(store ? { store } : {}),
    ...(cache ? { cache } : {}),
    ...(keys ? { keys } : {}),
  };
  const authenticator = createAuthenticator({
    config,
    // Tokens are verified with the local key, a configured one, or the auth service's JWKS.
    verifyKey:
      keys?.publicKey ?? configuredPublicKey(config) ?? (config.serviceUrls.auth ? remoteJwks(config.serviceUrls.auth) : undefined),
    store,
    revocations: new Revocations(config.auth.accessTtlSeconds * 1000, markers),
  });
  const base: BaseContext = { config, metrics, log, authenticator };
  // The process's own context: every port created, for the union of the services' needs (N).
  const rootCtx = { ...base, ...ports } as ServiceContext<N>;
  const contexts = new Map(modules.map((m) => [m, contextFor(m.needs, { ...base, log: log.child({ service: m.name }) }, ports)]));

  const timed = async (name: string, fn: () => Promise<{ ok: boolean; detail?: string }>): Promise<[string, Check]> => {
    const t0 = performance.now();
    try {
      const r = await Promise.race([
        fn(),
        new Promise<{ ok: boolean; detail: string }>((resolve) =>
          setTimeout(() => resolve({ ok: false, detail: 'timed out after 2 s' }), 2000).unref(),
        ),
      ]);
      return [name, { ...r, latencyMs: Math.round((performance.now() - t0) * 100) / 100 }];
    } catch (err) {
      return [name, { ok: false, detail: (err as Error).message }];
    }
  };
  const app = await buildApp({
    logger: log,
    metrics,
    title: 'Bourse API',
    version: VERSION,
    trustProxy: config.edge.trustProxy,
    ...(options.transformOpenapi ? { transformOpenapi: options.transformOpenapi } : {}),
    edge: async (app) => {
      await app.register(edgePlugin, { config, authenticator, entryPoint, rateLimitRedis });
    },
    ready: async () => {
      const checks: Promise<[string, Check]>[] = [];
      if (store) checks.push(timed(`store:${store.kind}`, () => store.health()));
      if (bus) checks.push(timed(`bus:${bus.kind}`, () => bus.health()));
      if (cache) checks.push(timed(`cache:${cache.kind}`, () => cache.health()));
      // The entry point's own Redis dependencies: the rate limiter's counters and (without a cache of its own) the revocation markers.
      if (rateLimitRedis) checks.push(timed('rate-limit:redis', () => rateLimitRedis.health()));
      if (entryPoint && !cache && config.cache.kind === 'redis') checks.push(timed('revocations:redis', () => markers().health()));
      const own = Object.fromEntries(await Promise.all(checks));
      return { ...own, ...(options.readyChecks ? await options.readyChecks() : {}) };
    },
  });

  for (const m of modules) await app.register(servicePlugin(m, contexts.get(m)!));
  if (options.extend) await options.extend(app, base);
  await app.ready();

  const workers: { name: string; worker: Worker }[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close().catch((err) => log.error({ err }, 'closing HTTP failed'));
      for (const { name, worker } of [...workers].reverse()) {
        await worker.stop().catch((err) => log.error({ err, service: name }, 'stopping worker failed'));
      }
      await logSink?.detach();
      for (const close of closers) await close().catch((err) => log.error({ err }, 'closing a port failed'));
      log.info('stopped');
    })();
    return stopping;
  };

  try {
    for (const m of modules) {
      const worker = m.start ? await m.start(contexts.get(m)!) : undefined;
      if (worker) workers.push({ name: m.name, worker });
    }
  } catch (err) {
    await stop();
    throw err;
  }

  let url: string | undefined;
  if (options.listen !== false) {
    try {
      url = await app.listen({ host: config.host, port: config.port });
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return { app, ctx: rootCtx, url, stop };
}
