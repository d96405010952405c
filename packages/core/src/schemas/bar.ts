import Type, { type Static } from 'typebox';
import { payloadReader } from '../payload.ts';
import { Interval, MAX_EPOCH_MS, SymbolSchema } from '../types.ts';

/** Envelope type of the bars on `md.bar.<interval>.<symbol>`. */
export const BAR = 'bar';

/** A price of a trade: every bar is built from ticks, whose prices are positive. */
const Price = Type.Number({ exclusiveMinimum: 0 });

/**
 * An OHLCV bar of one (symbol, interval): the ticks whose time falls in [start, start + interval).
 * `vwap` is the volume-weighted average price, or the close when nothing traded by volume (index
 * levels). A bar holds at least one trade: an interval without ticks has no bar. As on every
 * schema here, a number is finite: TypeBox refuses NaN and Infinity as numbers.
 */
export const Bar = Type.Object({
  symbol: SymbolSchema,
  interval: Interval,
  start: Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'bucket start, UTC epoch ms' }),
  open: Price,
  high: Price,
  low: Price,
  close: Price,
  volume: Type.Number({ minimum: 0 }),
  trades: Type.Integer({ minimum: 1 }),
  vwap: Price,
  final: Type.Boolean({ description: 'true once the interval has ended and the bar will not change' }),
});
export type Bar = Static<typeof Bar>;

/** Reads the bars of the bar stream (published by the bars service, partial and final). */
export const barPayload = payloadReader(BAR, Bar);
