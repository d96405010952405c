import type { Bus } from '@bourse/bus';
import type { Cache } from '@bourse/cache';
import type { Config } from '@bourse/core';
import type { Store } from '@bourse/store';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { type Authenticator, EDGE_PLUGIN } from './edge.ts';
import type { SigningKeys } from './keys.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

/** The adapters a service may ask for, created from config by the process that runs it. `keys`: the access-token signing key (the auth service). */
export interface Ports {
  readonly bus: Bus;
  readonly store: Store;
  readonly cache: Cache;
  readonly keys: SigningKeys;
}
export type Port = keyof Ports;

/** A Fastify instance with TypeBox type inference: what a service's routes are registered on. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What every service is given, whatever it asked for. */
export interface BaseContext {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Verifies the credentials of a request (what the edge uses; for routes that check more, e.g. a session). */
  readonly authenticator: Authenticator;
}

/**
 * What a service that declared the ports `N` is given: the base context and exactly those ports.
 * A service that did not ask for the cache has no `ctx.cache`; a helper states the ports it uses,
 * e.g. `ServiceContext<'store'>`, and accepts the context of any service that has them.
 */
export type ServiceContext<N extends Port> = BaseContext & Pick<Ports, N>;

/** A running background worker (bus consumer, timer). `stop` drains and flushes. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * A service's manifest. The same module runs alone in its own process (distributed shape)
 * or beside every other one in a single process (embedded shape). The process mounts it as
 * a named Fastify plugin (servicePlugin) and gives it the ports it declared in `needs`.
 */
export interface ServiceModule<N extends Port = Port> {
  readonly name: string;
  readonly description: string;
  /** The ports it uses: they, and only they, are in its context. */
  readonly needs: readonly N[];
  /** Path prefixes under /api/v1 that its routes own (the gateway proxies these in the distributed shape). */
  readonly prefixes: readonly string[];
  /** Register HTTP routes (mounted under /api/v1). */
  routes?(app: App, ctx: ServiceContext<N>): Promise<void>;
  /** Paths outside /api/v1 that it owns (e.g. `/ws`); the gateway proxies these too. */
  readonly rootPrefixes?: readonly string[];
  /** Register routes at the root (e.g. the WebSocket endpoint `/ws`). */
  rootRoutes?(app: App, ctx: ServiceContext<N>): Promise<void>;
  /** Start background workers. Called after every service's routes are registered. */
  start?(ctx: ServiceContext<N>): Promise<Worker | undefined>;
}

/** Any service, whatever its ports (a manifest for N ports is one for any wider set of ports). */
export type AnyService = ServiceModule<Port>;

/**
 * A manifest whose context is typed by its `needs`: `defineService({ needs: ['bus', 'store'], ... })` gives
 * `ServiceContext<'bus' | 'store'>`. Its name keeps its literal type (the CLI checks its list against core's).
 */
export function defineService<const N extends Port = never, const Name extends string = string>(
  module: ServiceModule<N> & { readonly name: Name },
): ServiceModule<N> & { readonly name: Name } {
  return module;
}

/** The ports a service (or a union of services) declared. */
export type PortsOf<M> = M extends ServiceModule<infer N> ? N : never;

/**
 * A service as a named Fastify plugin, given its context: its routes under /api/v1, its root routes
 * (e.g. `/ws`), each in a scope of its own whose request logs name the service. It depends on the
 * edge (whose hooks must see its routes: the access table, identity, rate limits).
 */
export function servicePlugin<N extends Port>(module: ServiceModule<N>, ctx: ServiceContext<N>) {
  return fp(
    async (app: FastifyInstance) => {
      // A service's request logs name it (the central logs group lines by service).
      const scoped = (register: (scope: App) => Promise<void>) => async (instance: FastifyInstance) => {
        const scope = instance.withTypeProvider<TypeBoxTypeProvider>();
        scope.addHook('onRequest', async (request) => {
          request.log = request.log.child({ service: module.name });
        });
        await register(scope);
      };
      const { routes, rootRoutes } = module;
      if (routes)
        await app.register(
          scoped((scope) => routes.call(module, scope, ctx)),
          { prefix: '/api/v1' },
        );
      if (rootRoutes) await app.register(scoped((scope) => rootRoutes.call(module, scope, ctx)));
    },
    { name: module.name, fastify: '5.x', dependencies: [EDGE_PLUGIN], decorators: { request: ['principal'] } },
  );
}
