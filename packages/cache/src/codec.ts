/**
 * Values cross the cache as JSON text in both adapters, so the memory cache behaves
 * like Redis: a cached object is a copy (mutating it does not change the cache), Dates
 * come back as strings and `undefined` fields disappear. A test that passes on one
 * adapter then passes on the other.
 */

/** The JSON text of a value, or undefined when the value has none (`undefined`, a function). */
export function encode(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/**
 * The value of a cached JSON text. Text that is not JSON (written by something else)
 * reads as a miss: a cache is never the only copy, so the caller falls back to the store.
 */
export function decode<T>(text: string | null | undefined): T | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A TTL in whole milliseconds, or undefined for "no expiry" (absent, zero, negative or not finite). */
export function ttlOf(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined || !Number.isFinite(ttlMs) || ttlMs <= 0) return undefined;
  return Math.ceil(ttlMs);
}

/** The step of an increment: a safe integer (Redis INCRBY takes nothing else). */
export function stepOf(by: number | undefined): number {
  const step = by ?? 1;
  if (!Number.isSafeInteger(step)) throw new RangeError(`increment by must be a safe integer (got ${step})`);
  return step;
}

/** The value of a counter's text as Redis INCR reads it: a missing key is 0, anything but an integer is refused. */
export function counterOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^-?(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(n)) throw new TypeError('cache: value is not an integer counter');
  return n;
}
