/**
 * The cache port: JSON values by string key with an optional TTL.
 * Memory (LRU) in the embedded shape, Redis in the distributed one.
 * A cache is never the only copy of anything: a miss falls back to the store.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  setMany(entries: readonly { key: string; value: unknown; ttlMs?: number }[]): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Atomically add `by` (default 1; negative takes back) to the integer counter at `key`, a missing
   * key counting as 0, and return the new value. Concurrent callers (in this process, or in any
   * process sharing the Redis) each see a different value, so a budget can be reserved without a
   * read-then-write race. With `ttlMs` the counter expires that long after this call; without it,
   * it keeps the expiry it had. The counter reads back with `get` as a number. Rejects when the key
   * holds something other than an integer, or `by` is not a safe integer.
   */
  increment(key: string, options?: { readonly by?: number; readonly ttlMs?: number }): Promise<number>;
  /**
   * Set `key` only when it is absent (or expired), atomically: of concurrent callers exactly one
   * gets true. The TTL rules are those of `set`; `undefined` (no JSON form) is refused.
   */
  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Delete every key that starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

/**
 * Told the outcome of every call to a remote cache, so that an outage can be logged by its state
 * changes rather than once per call (the kit's dependencyState is one).
 */
export interface CacheObserver {
  up(): void;
  down(error: unknown): void;
}
