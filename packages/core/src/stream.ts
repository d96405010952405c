import type { LastTrade } from './cache-keys.ts';
import type { Bar } from './schemas/bar.ts';
import type { IndicatorUpdate } from './schemas/indicator.ts';
import type { Tick } from './types.ts';

/**
 * The data frames of the WebSocket stream (/ws), shared by the stream service
 * that sends them and by `@bourse/client` that reads them (types only: the
 * client takes nothing else from this package, so it stays browser-safe).
 */

/** The `quote` frame: the last trade with the quote around it. */
export interface StreamQuote extends LastTrade {
  symbol: string;
  size?: number;
}

export interface Mover {
  symbol: string;
  last: number;
  open: number;
  changePct: number;
}

/** The general room's market summary. */
export interface MarketSummary {
  ts: number;
  /** symbols that traded today, as seen by the instance */
  symbols: number;
  advancers: number;
  decliners: number;
  unchanged: number;
  /** ticks seen since the previous summary */
  ticks: number;
  gainers: Mover[];
  losers: Mover[];
}

/** Frame `type` -> its data. */
export interface RoomData {
  ticks: Tick[];
  quote: StreamQuote;
  bar: Bar;
  indicator: IndicatorUpdate;
  summary: MarketSummary;
  'option.chain': Record<string, unknown>;
}

/** A data frame of a room. A snapshot is the room's state when the client joined (data null: nothing yet). */
export type DataMessage = {
  [K in keyof RoomData]: { room: string; type: K; seq: number; snapshot: boolean; data: RoomData[K] | null };
}[keyof RoomData];
