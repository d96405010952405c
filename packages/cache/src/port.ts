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
  /** Delete every key that starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}
