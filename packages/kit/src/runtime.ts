import { type Bus, createBus } from '@bourse/bus';
import { type Cache, createCache } from '@bourse/cache';
import { CATALOG, type Config, EXCHANGES, type Instrument } from '@bourse/core';
import { createStore, type Store } from '@bourse/store';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { buildApp, type Check, type OpenApiDocument } from './app.ts';
import { contextualBus } from './context.ts';
import { createAuthenticator, installEdge, remoteJwks } from './edge.ts';
import { PROCESS_CACHE_PREFIX } from './edge-revocations.ts';
import { configuredPublicKey, loadSigningKeys, type SigningKeys } from './keys.ts';
import { createLogger, type Logger, logBusSink } from './logger.ts';
import { Metrics } from './metrics.ts';
import { initTracing, TracingPlugin, tracingBusHooks } from './tracing.ts';
import type { App, Port, ServiceContext, ServiceModule, Worker } from './service.ts';

export const VERSION = '0.1.0';

export interface ProcessOptions {
  readonly config: Config;
  /** Services that run in this process, in start order (consumers before producers); they stop in the reverse order. */
  readonly modules: readonly ServiceModule[];
  /** Extra setup on the app after the services' routes (the gateway's proxies). */
  readonly extend?: (app: App, ctx: ServiceContext) => Promise<void>;
  readonly transformOpenapi?: (doc: OpenApiDocument) => OpenApiDocument;
  /** Extra readiness checks (the gateway checks its upstreams). */
  readonly readyChecks?: () => Promise<Record<string, Check>>;
  readonly logger?: Logger;
  /** Rate limits here (default: when the gateway runs in this process, the entry point of either shape). */
  readonly entryPoint?: boolean;
  /** Listen on config.host:config.port (default true). Tests use inject() instead. */
  readonly listen?: boolean;
}

export interface RunningProcess {
  readonly app: App;
  readonly ctx: ServiceContext;
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

/** Connecting to a server that is still starting is retried for a while before start-up gives up. */
const connectPolicy = retry(handleAll, { maxAttempts: 8, backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 4000 }) });

function missingPort(port: Port, services: readonly ServiceModule[]): never {
  throw new Error(`port "${port}" is not available in this process (services: ${services.map((m) => m.name).join(', ')})`);
}

function unavailable<T extends object>(port: Port, services: readonly ServiceModule[]): T {
  return new Proxy({} as T, {
    get: (_t, prop) => (prop === 'then' ? undefined : missingPort(port, services)),
  });
}

/**
 * Run services in this process. The ports they declared are created from config here
 * (memory or NATS bus, PGlite or PostgreSQL store, memory or Redis cache): the one
 * place that chooses adapters.
 */
export async function startProcess(options: ProcessOptions): Promise<RunningProcess> {
  const { config, modules } = options;
  const log = options.logger ?? createLogger(config);
  const metrics = new Metrics({ instance: config.instanceId });
  const needs = new Set<Port>(modules.flatMap((m) => m.needs));
  // Central logs: this process's lines go to the bus too (logs.<service>).
  const logSink = options.logger ? undefined : logBusSink(log);
  if (logSink) needs.add('bus');
  const closers: (() => Promise<void>)[] = [];
  // Tracing: off unless the OTEL_* variables ask for it (or a test installed a provider).
  const tracing = initTracing({ serviceName: `bourse-${modules.map((m) => m.name).join('+')}` });
  closers.push(() => tracing.shutdown());

  let bus: Bus | undefined;
  let store: Store | undefined;
  let cache: Cache | undefined;
  let keys: SigningKeys | undefined;
  try {
    if (needs.has('keys')) keys = await loadSigningKeys(config, log);
    if (needs.has('store')) {
      store = await connectPolicy.execute(() => createStore(config.database, tracing.enabled ? { plugins: [new TracingPlugin()] } : {}));
      const s = store;
      closers.push(() => s.close());
      await seedReferenceData(s);
      log.info({ store: s.kind }, 'store ready');
    }
    if (needs.has('bus')) {
      bus = await connectPolicy.execute(() => createBus(config.bus, { name: `bourse-${modules.map((m) => m.name).join('+')}` }));
      const b = bus;
      closers.unshift(() => b.close());
      logSink?.attach(b, modules.length === 1 ? modules[0]!.name : 'bourse');
      log.info({ bus: b.kind }, 'bus ready');
    }
    if (needs.has('cache')) {
      cache = await connectPolicy.execute(async () => createCache(config.cache, { prefix: PROCESS_CACHE_PREFIX }));
      const c = cache;
      closers.unshift(() => c.close());
      log.info({ cache: c.kind }, 'cache ready');
    }
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }

  const base = {
    config,
    metrics,
    bus: bus ? contextualBus(bus, tracing.enabled ? tracingBusHooks : {}) : unavailable<Bus>('bus', modules),
    store: store ?? unavailable<Store>('store', modules),
    cache: cache ?? unavailable<Cache>('cache', modules),
    keys: keys ?? unavailable<SigningKeys>('keys', modules),
    authenticator: createAuthenticator({
      config,
      // Tokens are verified with the local key, a configured one, or the auth service's JWKS.
      verifyKey:
        keys?.publicKey ?? configuredPublicKey(config) ?? (config.serviceUrls.auth ? remoteJwks(config.serviceUrls.auth) : undefined),
      store,
      cache,
    }),
  };
  const rootCtx: ServiceContext = { ...base, log };
  const contexts = new Map(modules.map((m) => [m.name, { ...base, log: log.child({ service: m.name }) } satisfies ServiceContext]));

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
    edge: (app) =>
      installEdge(app, {
        config,
        log,
        authenticator: base.authenticator,
        entryPoint: options.entryPoint ?? modules.some((m) => m.name === 'gateway'),
      }),
    ready: async () => {
      const checks: Promise<[string, Check]>[] = [];
      if (store) checks.push(timed(`store:${store.kind}`, () => store.health()));
      if (bus) checks.push(timed(`bus:${bus.kind}`, () => bus.health()));
      if (cache) checks.push(timed(`cache:${cache.kind}`, () => cache.health()));
      const own = Object.fromEntries(await Promise.all(checks));
      return { ...own, ...(options.readyChecks ? await options.readyChecks() : {}) };
    },
  });

  for (const m of modules) {
    // A service's request logs name it (the central logs group lines by service).
    const named = (scope: App) =>
      scope.addHook('onRequest', async (request) => {
        request.log = request.log.child({ service: m.name });
      });
    const routes = m.routes;
    if (routes)
      await app.register(
        async (scope) => {
          named(scope as unknown as App);
          await routes.call(m, scope as unknown as App, contexts.get(m.name)!);
        },
        { prefix: '/api/v1' },
      );
    const rootRoutes = m.rootRoutes;
    if (rootRoutes)
      await app.register(async (scope) => {
        named(scope as unknown as App);
        await rootRoutes.call(m, scope as unknown as App, contexts.get(m.name)!);
      });
  }
  if (options.extend) await options.extend(app, rootCtx);
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
      const worker = m.start ? await m.start(contexts.get(m.name)!) : undefined;
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
