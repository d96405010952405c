import type { Interval } from './types.ts';
import { INTERVALS } from './types.ts';

export const INTERVAL_MS: Readonly<Record<Interval, number>> = Object.freeze({
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
});

export function isInterval(value: unknown): value is Interval {
  return typeof value === 'string' && (INTERVALS as readonly string[]).includes(value);
}

/** Start of the bucket containing `ts`. Buckets are aligned to the UTC epoch (days start at 00:00 UTC). */
export function bucketStart(ts: number, interval: Interval): number {
  const ms = INTERVAL_MS[interval];
  return ts - (((ts % ms) + ms) % ms);
}
