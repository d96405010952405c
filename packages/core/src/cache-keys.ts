import type { Interval } from './types.ts';

/**
 * Cache entries one service keeps and others read: the market-data service writes them from
 * the bus, and the stream service reads them for its snapshots. Keeping the names and shapes
 * here makes that a contract rather than a coincidence of strings.
 */
export const cacheKeys = {
  /** LastTrade of a symbol */
  trade: (symbol: string) => `md:trade:${symbol}`,
  /** the latest Bar of (interval, symbol), open or final */
  bar: (interval: Interval, symbol: string) => `md:bar:${interval}:${symbol}`,
  /** previous day's close (number | null) for the UTC day starting at `day` */
  prevClose: (symbol: string, day: number) => `md:prevclose:${symbol}:${day}`,
} as const;

/** The last trade and prevailing quote of a symbol, as cached under `cacheKeys.trade`. */
export interface LastTrade {
  ts: number;
  seq: number;
  last: number;
  bid: number;
  ask: number;
}
