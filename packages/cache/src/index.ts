import type { Config } from '@bourse/core';
import { MemoryCache } from './memory.ts';
import type { Cache, CacheObserver } from './port.ts';
import { RedisCache } from './redis.ts';

export type { Cache, CacheObserver } from './port.ts';
export { MemoryCache, DEFAULT_MAX_ENTRIES, type MemoryCacheOptions } from './memory.ts';
export { RedisCache, type RedisCacheOptions } from './redis.ts';

export interface CreateCacheOptions {
  /** memory: upper bound on entries (default 100,000) */
  readonly maxEntries?: number;
  /** redis: key namespace, e.g. `bourse:` */
  readonly prefix?: string;
  /** redis: connect timeout (default 2,000 ms) */
  readonly connectTimeoutMs?: number;
  /** redis: per-command reply timeout (default 2,000 ms) */
  readonly commandTimeoutMs?: number;
  /** redis: told of each call's outcome */
  readonly observer?: CacheObserver;
}

/** The one place the cache adapter is chosen from config. */
export function createCache(config: Config['cache'], options: CreateCacheOptions = {}): Cache {
  switch (config.kind) {
    case 'memory':
      return new MemoryCache(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries });
    case 'redis':
      return new RedisCache(config.url, options);
  }
}
