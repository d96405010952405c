import type { Bus } from '@bourse/bus';
import type { Cache } from '@bourse/cache';
import type { Config } from '@bourse/core';
import type { Store } from '@bourse/store';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Authenticator } from './edge.ts';
import type { SigningKeys } from './keys.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

/** `keys`: the access-token signing key (the auth service). */
export type Port = 'bus' | 'store' | 'cache' | 'keys';

/** A Fastify instance with TypeBox type inference: what a service's routes are registered on. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What a service is given: the process's config, logger, metrics and the ports it declared. */
export interface ServiceContext {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly bus: Bus;
  readonly store: Store;
  readonly cache: Cache;
  readonly keys: SigningKeys;
  /** Verifies the credentials of a request (what the edge uses; for routes that check more, e.g. a session). */
  readonly authenticator: Authenticator;
}

/** A running background worker (bus consumer, timer). `stop` drains and flushes. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * A service's manifest. The same module runs alone in its own process (distributed shape)
 * or beside every other one in a single process (embedded shape).
 */
export interface ServiceModule {
  readonly name: string;
  readonly description: string;
  /** The ports it uses; only these are guaranteed in its context. */
  readonly needs: readonly Port[];
  /** Path prefixes under /api/v1 that its routes own (the gateway proxies these in the distributed shape). */
  readonly prefixes: readonly string[];
  /** Register HTTP routes (mounted under /api/v1). */
  routes?(app: App, ctx: ServiceContext): Promise<void>;
  /** Paths outside /api/v1 that it owns (e.g. `/ws`); the gateway proxies these too. */
  readonly rootPrefixes?: readonly string[];
  /** Register routes at the root (e.g. the WebSocket endpoint `/ws`). */
  rootRoutes?(app: App, ctx: ServiceContext): Promise<void>;
  /** Start background workers. Called after every service's routes are registered. */
  start?(ctx: ServiceContext): Promise<Worker | undefined>;
}

export function defineService(module: ServiceModule): ServiceModule {
  return module;
}
