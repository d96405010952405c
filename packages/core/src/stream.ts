import type { Bar } from './schemas/bar.ts';
import type { IndicatorUpdate } from './schemas/indicator.ts';
import type { Insight } from './schemas/insight.ts';
import type { AiSignal } from './schemas/signal.ts';
import type { MarketSummary, StreamQuote } from './schemas/ws.ts';
import type { Tick } from './types.ts';

/**
 * The WebSocket stream's contract (/ws), shared by the stream service that speaks it and by
 * `@bourse/client` that reads it. This module and what it imports pull in nothing but TypeBox,
 * so it is also `@bourse/core/stream`, the entry a browser bundle can take.
 */
export * from './schemas/ws.ts';
export * from './schemas/stream.ts';
export type { Bar } from './schemas/bar.ts';
export type { IndicatorUpdate } from './schemas/indicator.ts';
export type { Insight } from './schemas/insight.ts';
export type { AiSignal } from './schemas/signal.ts';
export type { Interval, Tick } from './types.ts';

/** Frame `type` -> its data, typed as its producer defines it. */
export interface RoomData {
  ticks: Tick[];
  quote: StreamQuote;
  bar: Bar;
  indicator: IndicatorUpdate;
  summary: MarketSummary;
  'option.chain': Record<string, unknown>;
  'ai.signal': AiSignal;
  insight: Insight;
}

/**
 * A data frame of a room as a client hands it on: `snapshot` is always set (true: the room's
 * state when the client joined; data null: nothing yet). On the wire it is a DataFrame.
 */
export type DataMessage = {
  [K in keyof RoomData]: { room: string; type: K; seq: number; snapshot: boolean; data: RoomData[K] | null };
}[keyof RoomData];
