import { LRUCache } from 'lru-cache';
import { counterOf, decode, encode, stepOf, ttlOf } from './codec.ts';
import type { Cache } from './port.ts';

export interface MemoryCacheOptions {
  /** Upper bound on the number of entries; the least recently used go first. Default 100,000. */
  readonly maxEntries?: number;
}

export const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * The embedded shape's cache: an in-process LRU bounded by entry count, with a TTL
 * per entry. Values are kept as JSON text (see codec.ts) so that they behave as in Redis.
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly #lru: LRUCache<string, string>;

  constructor(options: MemoryCacheOptions = {}) {
    const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxEntries must be a positive integer (got ${max})`);
    // No autopurge timer: an expired entry is dropped when it is read or pushed out by the LRU.
    this.#lru = new LRUCache<string, string>({ max });
  }

  async get<T>(key: string): Promise<T | undefined> {
    return decode<T>(this.#lru.get(key));
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return keys.map((key) => decode<T>(this.#lru.get(key)));
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.#put(key, value, ttlMs);
  }

  async setMany(entries: readonly { key: string; value: unknown; ttlMs?: number }[]): Promise<void> {
    for (const { key, value, ttlMs } of entries) this.#put(key, value, ttlMs);
  }

  /** Read and write happen in one synchronous step: nothing else runs in between. */
  async increment(key: string, options: { readonly by?: number; readonly ttlMs?: number } = {}): Promise<number> {
    const step = stepOf(options.by);
    const ttl = ttlOf(options.ttlMs);
    const next = counterOf(this.#lru.get(key)) + step;
    // Without a TTL an existing counter keeps its own expiry, as INCR does in Redis.
    this.#lru.set(key, String(next), ttl === undefined ? { noUpdateTTL: true } : { ttl });
    return next;
  }

  async setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    if (encode(value) === undefined) throw new TypeError('cache: setIfAbsent needs a value with a JSON form');
    // has() is false for an expired entry.
    if (this.#lru.has(key)) return false;
    this.#put(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#lru.delete(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    // Collect first: deleting while iterating the LRU's own iterator is not safe.
    const doomed: string[] = [];
    for (const key of this.#lru.keys()) if (key.startsWith(prefix)) doomed.push(key);
    for (const key of doomed) this.#lru.delete(key);
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    return { ok: true, detail: `${this.#lru.size}/${this.#lru.max} entries` };
  }

  async close(): Promise<void> {
    this.#lru.clear();
  }

  /** Setting `undefined` (which has no JSON form) removes the key, as it would in Redis. */
  #put(key: string, value: unknown, ttlMs: number | undefined): void {
    const text = encode(value);
    if (text === undefined) {
      this.#lru.delete(key);
      return;
    }
    const ttl = ttlOf(ttlMs);
    this.#lru.set(key, text, ttl === undefined ? undefined : { ttl });
  }
}
